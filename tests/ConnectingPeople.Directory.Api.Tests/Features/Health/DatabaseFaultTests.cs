using System.Net;
using System.Net.Http.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Tests.Features.Health;

/// <summary>The service on a database server of its own, which the test starts late, stops mid-service and restarts.</summary>
public sealed class DatabaseFaultTests
{
    private sealed class AppOn(string connectionString) : DirectoryApp
    {
        protected override Task<string> CreateDatabaseAsync() => Task.FromResult(connectionString);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Database:InitializeOnStartup", "true");
            builder.UseSetting("Database:MaxRetryDelaySeconds", "2");
        }
    }

    private const string Search = "/api/v1/search?postcode=S1%202HE&radius_km=2";

    [Fact]
    public async Task The_service_waits_for_its_database_answers_503_while_it_is_gone_and_recovers_by_itself()
    {
        await using var cluster = await ScratchCluster.CreateAsync();
        await using var app = new AppOn(cluster.ConnectionString("directory"));
        await ((IAsyncLifetime)app).InitializeAsync();
        using var anonymous = app.CreateClient();

        // No database server at all when the service starts: alive, not ready, reads get a 503 to retry.
        using var liveWithout = await anonymous.GetAsync("/health/live");
        using var readyWithout = await anonymous.GetAsync("/health/ready");
        using var searchWithout = await anonymous.GetAsync(Search);
        Assert.Equal(HttpStatusCode.OK, liveWithout.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyWithout.StatusCode);
        await AssertUnavailableAsync(searchWithout);

        // The server appears: the service migrates, loads reference data and becomes ready without a restart.
        await cluster.StartAsync();
        await cluster.CreateDatabaseAsync("directory");
        Assert.True(await anonymous.AnswersOkWithinAsync("/health/ready", TimeSpan.FromMinutes(3)), "never became ready");
        using var admin = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        using var before = await admin.PostAsJsonAsync("/api/v1/organisations", new { name = "Written before the outage" });
        Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        using var searchBefore = await anonymous.GetAsync(Search);
        Assert.Equal(HttpStatusCode.OK, searchBefore.StatusCode);

        // The server is lost while serving: 503 problems with Retry-After, never a 500; the write is not half-done.
        await cluster.StopAsync();
        using var searchDuring = await anonymous.GetAsync(Search);
        using var writeDuring = await admin.PostAsJsonAsync("/api/v1/organisations", new { name = "Written during the outage" });
        using var readyDuring = await anonymous.GetAsync("/health/ready");
        await AssertUnavailableAsync(searchDuring);
        await AssertUnavailableAsync(writeDuring);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyDuring.StatusCode);

        // Back again: the same process answers, and only the write that succeeded is there (the failed one was not retried).
        await cluster.StartAsync();
        Assert.True(await anonymous.AnswersOkWithinAsync(Search, TimeSpan.FromSeconds(60)), "search did not recover");
        var names = await app.WithDbAsync(db => db.Organisations.Select(o => o.Name).ToListAsync());
        Assert.Single(names, n => n == "Written before the outage");
        Assert.DoesNotContain("Written during the outage", names);
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.True(response.Headers.RetryAfter is not null, "no Retry-After");
    }
}

/// <summary>Connections cut under the service (a failover, a restart, an idle timeout) cost a read nothing.</summary>
public sealed class ReadRetryTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Fact]
    public async Task A_read_on_a_pooled_connection_the_server_has_cut_is_retried_on_a_fresh_one()
    {
        using var client = app.CreateClient();
        const string search = "/api/v1/search?postcode=S1%202HE&radius_km=2";
        // Warm the pool: the next read will take one of these idle connections.
        for (var i = 0; i < 3; i++) (await client.GetAsync(search)).Dispose();

        var cut = await TerminateOtherConnectionsAsync(app.ConnectionString);
        using var afterCut = await client.GetAsync(search);

        Assert.True(cut > 0, "no pooled connection to cut");
        Assert.Equal(HttpStatusCode.OK, afterCut.StatusCode);
    }

    private static async Task<int> TerminateOtherConnectionsAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
            connection);
        var terminated = Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await Task.Delay(200); // let the server finish closing them
        return terminated;
    }
}
