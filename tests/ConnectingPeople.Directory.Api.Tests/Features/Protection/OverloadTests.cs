using System.Net;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace ConnectingPeople.Directory.Api.Tests.Features.Protection;

/// <summary>One request at a time and a queue of one, so overload can be made with a handful of requests.</summary>
public sealed class OneAtATimeApp : DirectoryApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Protection:MaxConcurrentRequests", "1");
        builder.UseSetting("Protection:QueueLength", "1");
        builder.UseSetting("Protection:QueueWaitMs", "300");
    }
}

public sealed class OverloadTests(OneAtATimeApp app) : IClassFixture<OneAtATimeApp>
{
    [Fact]
    public async Task Requests_beyond_capacity_are_shed_with_a_503_and_Retry_After_while_the_slot_is_held_and_served_again_after()
    {
        var client = app.CreateClient();
        // The one slot is held by a keyed request (no statement timeout) waiting on a lock the test holds.
        await using var held = await HeldSlot.TakeAsync(app);

        var shed = Enumerable.Range(0, 6).Select(_ => client.GetAsync("/api/v1/taxonomies")).ToList();
        // Without shedding these would wait for the slot, that is forever: the bound is the test's, not a performance target.
        var answers = await Task.WhenAll(shed).WaitAsync(TimeSpan.FromSeconds(15));
        foreach (var answer in answers)
        {
            await answer.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("1", answer.Headers.GetValues("Retry-After").Single());
        }
        Assert.False(held.Holder.IsCompleted);
        using (var health = await client.GetAsync("/health/live")) Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        using var released = await held.ReleaseAsync();
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        using var after = await client.GetAsync("/api/v1/taxonomies");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}

/// <summary>
/// A read slot held by a keyed read of the taxonomies (no statement timeout) waiting on a lock the test holds, until
/// <see cref="ReleaseAsync"/>.
/// </summary>
public sealed class HeldSlot : IAsyncDisposable
{
    private readonly NpgsqlConnection _locker;
    private readonly NpgsqlTransaction _transaction;

    private HeldSlot(NpgsqlConnection locker, NpgsqlTransaction transaction, Task<HttpResponseMessage> holder) =>
        (_locker, _transaction, Holder) = (locker, transaction, holder);

    public Task<HttpResponseMessage> Holder { get; }

    public static async Task<HeldSlot> TakeAsync(DirectoryApp app)
    {
        var locker = new NpgsqlConnection(app.ConnectionString);
        await locker.OpenAsync();
        var transaction = await locker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE directory.vocabularies IN ACCESS EXCLUSIVE MODE", locker, transaction)) await lockTable.ExecuteNonQueryAsync();
        var holder = app.ClientWithKey(await app.CreateKeyAsync(Api.Data.Entities.Roles.Admin)).GetAsync("/api/v1/taxonomies");
        Assert.Equal(1, await Polling.UntilAsync(() => WaitingOnLocksAsync(app), n => n >= 1, TimeSpan.FromSeconds(10)));
        return new HeldSlot(locker, transaction, holder);
    }

    /// <summary>Lets the held read finish, and returns its answer.</summary>
    public async Task<HttpResponseMessage> ReleaseAsync()
    {
        await _transaction.RollbackAsync();
        return await Holder;
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _locker.DisposeAsync();
    }

    private static async Task<int> WaitingOnLocksAsync(DirectoryApp app)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
