using System.ComponentModel.DataAnnotations;
using ConnectingPeople.Directory.Api.Data.Seed;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ConnectingPeople.Directory.Api.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply migrations and load reference data in the background when the service starts.</summary>
    public bool InitializeOnStartup { get; set; } = true;

    [Range(1, 3600)]
    public int MaxRetryDelaySeconds { get; set; } = 30;

    /// <summary>statement_timeout for anonymous reads (search, listings, the ORUK feed), in milliseconds.</summary>
    [Range(1, 600_000)]
    public int AnonymousStatementTimeoutMs { get; set; } = 2_000;
}

public static class DatabaseExtensions
{
    /// <summary>pg_trgm's word similarity threshold for every connection; the read model judges near spellings by it too.</summary>
    public const double WordSimilarityThreshold = 0.5;

    /// <summary>
    /// The one way connections are made: PostGIS types through NetTopologySuite (geography by default), and a word
    /// similarity threshold of 0.5 for pg_trgm's &lt;% operator, which lets one or two typos in a word still match; and
    /// automatic preparation of statements used more than once (unless the connection string says otherwise).
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString, int? statementTimeoutMs = null)
    {
        var threshold = WordSimilarityThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var timeout = statementTimeoutMs is { } ms ? $" -c statement_timeout={ms}" : "";
        builder.ConnectionStringBuilder.Options = (builder.ConnectionStringBuilder.Options + $" -c pg_trgm.word_similarity_threshold={threshold}" + timeout).Trim();
        // Search runs the same few statements over and over: let Npgsql prepare them (PostGIS plans are costly to make).
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 200;
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }
        // Whatever the connection string says: error details quote row values ("Key (external_id)=(...) already
        // exists"), and exceptions end up in logs.
        builder.ConnectionStringBuilder.IncludeErrorDetail = false;
        builder.UseNetTopologySuite(geographyAsDefault: true);
        return builder.Build();
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) => options
        .UseNpgsql(dataSource, npgsql => npgsql
            .UseNetTopologySuite(geographyAsDefault: true)
            .MigrationsHistoryTable("__ef_migrations_history", DirectoryDbContext.Schema))
        .UseSnakeCaseNamingConvention()
        // Children of a soft-deleted listing are meant to disappear with it; that is what this warning warns about.
        .ConfigureWarnings(w => w.Ignore(CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning));

    public static IHostApplicationBuilder AddDirectoryDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Directory");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Directory is not set. Set the ConnectionStrings__Directory environment variable, or start the service with scripts/run.sh, which sets up a local database.");
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => CreateDataSource(connectionString));
        var readOnly = builder.Configuration.GetConnectionString("DirectoryReadOnly");
        var anonymousTimeout = builder.Configuration.GetValue<int?>($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.AnonymousStatementTimeoutMs)}") ?? 2_000;
        builder.Services.AddKeyedSingleton(ReadRouting.AnonymousKey, (_, _) =>
            CreateDataSource(string.IsNullOrWhiteSpace(readOnly) ? connectionString : readOnly, anonymousTimeout));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddDbContext<DirectoryDbContext>((services, options) => Configure(options, ReadRouting.Choose(services)));

        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section).ValidateOnStart();
        builder.Services.AddScoped<DatabaseSeeder>();
        builder.Services.AddScoped<ReferenceDataLoader>();
        builder.Services.AddScoped<TaxonomyLoader>();
        builder.Services.AddScoped<Features.Postcodes.PostcodeLookup>();
        builder.Services.AddScoped<SampleDataLoader>();
        builder.Services.AddSingleton<DatabaseReadiness>();
        builder.Services.AddSingleton<ReadRetry>();
        builder.Services.AddHostedService<DatabaseInitializer>();
        return builder;
    }
}
