using System.Data;
using System.Diagnostics;
using ConnectingPeople.Directory.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ConnectingPeople.Directory.Api.Features.ReadModel;

/// <summary>
/// Keeps <see cref="DirectoryModel"/> in step with PostgreSQL. It LISTENs on <see cref="Channel"/> (the write path
/// notifies in the transaction of each audit entry, so the notice arrives at commit), loads everything once from one
/// repeatable-read snapshot together with the changes-feed cursor, then on every notice, every heartbeat and after
/// every reconnect reads the audit entries past the cursor and reloads what they name. Audit ids follow commit order
/// (see <c>AuditLog</c>), so reading past the cursor misses nothing; reloading a listing is idempotent, so a notice
/// seen twice changes nothing.
/// </summary>
public sealed partial class ModelSync(
    IServiceScopeFactory scopes, NpgsqlDataSource dataSource, DirectoryModel model, DatabaseReadiness readiness,
    IOptions<ReadModelOptions> options, TimeProvider clock, ILogger<ModelSync> logger) : BackgroundService
{
    public const string Channel = "directory_changes";
    private const int Batch = 5_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        await Task.Yield();
        var heartbeat = TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (readiness.Initialising) await Task.Delay(200, stoppingToken);
                await using var listener = await dataSource.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", listener)) await listen.ExecuteNonQueryAsync(stoppingToken);
                // Listening before loading: a change committed while the snapshot is read is announced, and caught up after.
                if (!model.Loaded) await LoadAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await CatchUpAsync(stoppingToken);
                    await listener.WaitAsync(heartbeat, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRetry(logger, ex.GetType().Name, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var asOf = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var cursor = await db.AuditEntries.MaxAsync(e => (long?)e.Id, ct) ?? 0;
        var ctype = await db.Database.SqlQueryRaw<string>("SELECT datctype AS \"Value\" FROM pg_database WHERE datname = current_database()").SingleAsync(ct);
        model.Text.Judges = Text.ModelText.JudgesWith(ctype);
        model.LoadAreas(await db.Areas.AsNoTracking().ToListAsync(ct));
        model.Terms = await ListingLoader.TermsAsync(db, ct);
        var loaded = await ListingLoader.LoadAsync(db, model.Terms, model.Text, null, ct);
        model.LoadAll(loaded, cursor, asOf);
        // The load leaves behind its working set (query rows, search texts, EF's buffers) in the older generations,
        // which the GC would otherwise keep committed for a long time: one compacting collection that gives the free
        // space back to the system brings the resident size down to about what the model holds (measured in
        // docs/benchmarks.md, "Where the memory goes"). It runs once, before the node reports ready.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        LogLoaded(logger, loaded.Assets.Count, loaded.Locations.Count, watch.ElapsedMilliseconds, GC.GetTotalMemory(false) / 1_048_576);
    }

    private async Task CatchUpAsync(CancellationToken ct)
    {
        while (true)
        {
            var asOf = clock.GetUtcNow();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DirectoryDbContext>();
            var after = model.AppliedThrough;
            var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Id > after).OrderBy(e => e.Id).Take(Batch)
                .Select(e => new ChangeNotice(e.Id, e.EntityType, e.EntityId)).ToListAsync(ct);
            if (entries.Count > 0) await ModelChanges.ApplyAsync(db, model, entries, ct);
            // Freshness first, then the cursor: whoever sees the cursor move also sees the model current.
            if (entries.Count < Batch) model.CurrentAsOf = asOf;
            if (entries.Count > 0) model.AppliedThrough = entries[^1].Id;
            if (entries.Count < Batch) return;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Read model sync interrupted; retrying in 1s ({ErrorType}: {ErrorMessage})")]
    private static partial void LogRetry(ILogger logger, string errorType, string errorMessage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Read model loaded: {Listings} listings, {Venues} venues in {Milliseconds} ms; managed heap {HeapMb} MB")]
    private static partial void LogLoaded(ILogger logger, int listings, int venues, long milliseconds, long heapMb);
}

public sealed record ChangeNotice(long Id, string EntityType, Guid EntityId);
