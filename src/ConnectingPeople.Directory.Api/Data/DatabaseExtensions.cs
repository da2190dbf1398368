using System.ComponentModel.DataAnnotations;
using ConnectingPeople.Directory.Api.Data.Seed;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ConnectingPeople.Directory.Api.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply migrations and load reference data in the background when the service starts.</summary>
    public bool InitializeOnStartup { get; set; } = true;

    [Range(1, 3600)]
    public int MaxRetryDelaySeconds { get; set; } = 30;
}

public static class DatabaseExtensions
{
    public static IHostApplicationBuilder AddDirectoryDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Directory");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Directory is not set. Set the ConnectionStrings__Directory environment variable, or start the service with scripts/run.sh, which sets up a local database.");
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(connectionString);
            dataSource.UseNetTopologySuite(geographyAsDefault: true);
            return dataSource.Build();
        });
        builder.Services.AddDbContext<DirectoryDbContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql
                .UseNetTopologySuite(geographyAsDefault: true)
                .MigrationsHistoryTable("__ef_migrations_history", DirectoryDbContext.Schema))
            .UseSnakeCaseNamingConvention());

        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section).ValidateOnStart();
        builder.Services.AddScoped<DatabaseSeeder>();
        builder.Services.AddScoped<ReferenceDataLoader>();
        builder.Services.AddScoped<TaxonomyLoader>();
        builder.Services.AddScoped<Features.Postcodes.PostcodeLookup>();
        builder.Services.AddScoped<Features.Search.SearchRequestParser>();
        builder.Services.AddScoped<Features.Search.SearchQuery>();
        builder.Services.AddScoped<SampleDataLoader>();
        builder.Services.AddSingleton<DatabaseReadiness>();
        builder.Services.AddHostedService<DatabaseInitializer>();
        return builder;
    }
}
