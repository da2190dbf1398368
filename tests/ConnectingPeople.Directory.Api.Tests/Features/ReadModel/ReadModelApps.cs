using ConnectingPeople.Directory.Api.Features.Shared;
using ConnectingPeople.Directory.Api.Features.Curation;
using ConnectingPeople.Directory.Api.Features.ReadModel;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectingPeople.Directory.Api.Tests.Features.ReadModel;

/// <summary>A clock that stands still, so two instances compute the same next sessions.</summary>
public sealed class StoppedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>A clock a test moves by hand.</summary>
public sealed class HandClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>One instance of the service on a given database, with the read model on or off.</summary>
public sealed class ReadModelInstance(string connectionString, bool readModel, TimeProvider? clock = null, double? heartbeatSeconds = null) : DirectoryApp
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(connectionString);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ReadModel:Enabled", readModel ? "true" : "false");
        if (clock is not null) builder.ConfigureServices(services => services.AddSingleton(clock));
        if (heartbeatSeconds is { } heartbeat) builder.UseSetting("ReadModel:HeartbeatSeconds", heartbeat.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public DirectoryModel Model => Services.GetRequiredService<DirectoryModel>();

    /// <summary>Announces listings arranged straight into the database, as the write path would: an audit entry and a notice each.</summary>
    public async Task AnnounceAsync(IEnumerable<Guid> assetIds)
    {
        await WithDbAsync(async db =>
        {
            var audit = new AuditLog(db, TimeProvider.System);
            await using var transaction = await db.Database.BeginTransactionAsync();
            foreach (var id in assetIds) await audit.SaveAsync("asset", id, "created", "test", null, null, CancellationToken.None);
            await transaction.CommitAsync();
        });
    }

    /// <summary>Waits until the model has loaded and applied every audit entry committed so far.</summary>
    public async Task CaughtUpAsync(TimeSpan within)
    {
        var last = await WithDbAsync(db => db.AuditEntries.MaxAsync(e => (long?)e.Id)) ?? 0;
        for (var deadline = DateTime.UtcNow + within; DateTime.UtcNow < deadline; await Task.Delay(20))
            if (Model.Loaded && Model.AppliedThrough >= last) return;
        throw new TimeoutException($"The read model did not catch up with audit entry {last} within {within}.");
    }
}
