using System.Net;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ConnectingPeople.Directory.Api.Tests.Features.Health;

/// <summary>Two instances of the service started together on one empty database, as a rolling deploy or a scale-out would.</summary>
public sealed class TwoInstancesTests : IAsyncLifetime
{
    private string _empty = "";
    private string _loadedOnce = "";

    private sealed class Instance(string connectionString) : DirectoryApp
    {
        protected override Task<string> CreateDatabaseAsync() => Task.FromResult(connectionString);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Database:InitializeOnStartup", "true");
            // A start that loses a race retries with backoff; keep the backoff short so the test measures readiness, not waiting.
            builder.UseSetting("Database:MaxRetryDelaySeconds", "2");
        }
    }

    public async Task InitializeAsync()
    {
        _empty = await TestDatabases.CreateEmptyAsync();
        _loadedOnce = await TestDatabases.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await TestDatabases.DropAsync(_empty);
        await TestDatabases.DropAsync(_loadedOnce);
    }

    [Fact]
    public async Task Both_become_ready_and_migrations_and_reference_data_run_once()
    {
        using var first = new Instance(_empty);
        using var second = new Instance(_empty);
        await Task.WhenAll(((IAsyncLifetime)first).InitializeAsync(), ((IAsyncLifetime)second).InitializeAsync());

        // Both hosts start at the same moment; each initialises the database in the background.
        var clients = await Task.WhenAll(Task.Run(first.CreateClient), Task.Run(second.CreateClient));
        var ready = await Task.WhenAll(clients.Select(c => c.AnswersOkWithinAsync("/health/ready", TimeSpan.FromMinutes(3))));

        Assert.All(ready, Assert.True);
        await using var dataSource = TestDatabases.CreateDataSource(_empty);
        await using var db = TestDatabases.CreateContext(_empty, dataSource);
        var applied = await db.Database.GetAppliedMigrationsAsync();
        Assert.Equal(db.Database.GetMigrations(), applied);
        foreach (var table in new[] { "postcodes", "postcode_sectors", "postcode_districts", "areas", "vocabularies", "taxonomy_terms" })
            Assert.Equal(await CountAsync(_loadedOnce, table), await CountAsync(_empty, table));
    }

    private static async Task<long> CountAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM directory.{table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
