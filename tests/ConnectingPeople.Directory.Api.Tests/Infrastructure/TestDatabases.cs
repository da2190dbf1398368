using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Seed;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ConnectingPeople.Directory.Api.Tests.Infrastructure;

/// <summary>
/// Real PostgreSQL + PostGIS from ConnectionStrings__Directory (scripts/test.sh starts a throwaway cluster). A template
/// database is built once per run from the migrations plus the reference data; every test app gets its own copy of it,
/// so tests never see each other's data.
/// </summary>
public static class TestDatabases
{
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);
    private static int _counter;

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Directory")
        ?? throw new InvalidOperationException("ConnectionStrings__Directory is not set: run the tests with scripts/test.sh, which starts PostgreSQL + PostGIS.");

    public static string SeedDataDirectory => new SeedOptions().ResolveDataDirectory();

    /// <summary>A fresh database with the schema and reference data (postcodes, boundaries, taxonomies), no listings.</summary>
    public static async Task<string> CreateAsync()
    {
        var template = await Template.Value;
        var name = $"cp_test_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        await ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {template}");
        return ConnectionStringFor(name);
    }

    /// <summary>An empty database with nothing in it, not even the schema.</summary>
    public static async Task<string> CreateEmptyAsync()
    {
        var name = $"cp_test_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        await ExecuteAsync($"CREATE DATABASE {name}");
        return ConnectionStringFor(name);
    }

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    public static DirectoryDbContext CreateContext(string connectionString, NpgsqlDataSource dataSource)
    {
        var options = new DbContextOptionsBuilder<DirectoryDbContext>();
        DatabaseExtensions.Configure(options, dataSource);
        return new DirectoryDbContext(options.Options, TimeProvider.System);
    }

    public static NpgsqlDataSource CreateDataSource(string connectionString) => DatabaseExtensions.CreateDataSource(connectionString);

    /// <summary>Runs the service's own seeder (MigrateAsync, then the data loaders) against a database.</summary>
    public static async Task SeedAsync(string connectionString, bool sampleData)
    {
        await using var dataSource = CreateDataSource(connectionString);
        await using var db = CreateContext(connectionString, dataSource);
        var seeder = new DatabaseSeeder(db,
            new ReferenceDataLoader(db, new TaxonomyLoader(db), NullLogger<ReferenceDataLoader>.Instance),
            new SampleDataLoader(db, NullLogger<SampleDataLoader>.Instance),
            Options.Create(new SeedOptions { DataDirectory = SeedDataDirectory }),
            NullLogger<DatabaseSeeder>.Instance);
        await seeder.InitialiseAsync(sampleData, CancellationToken.None);
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var name = $"cp_template_{Environment.ProcessId}";
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await ExecuteAsync($"CREATE DATABASE {name}");
        await SeedAsync(ConnectionStringFor(name), sampleData: false);
        // CREATE DATABASE ... TEMPLATE needs the template to have no open connections.
        NpgsqlConnection.ClearAllPools();
        return name;
    }

    private static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database }.ConnectionString;

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
