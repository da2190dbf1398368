using System.Text.Json;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>The audit trail and changes feed: appended inside the writer's transaction.</summary>
public sealed class AuditLog(DirectoryDbContext db, TimeProvider clock)
{
    // Held from numbering the entry until commit, so entry ids follow commit order.
    internal const long ChangesLockKey = 0x4368616e676573;

    public static readonly JsonSerializerOptions Json = CreateJson();

    // The transaction that already holds the lock, and the one already notified: an import takes the lock and sends the
    // notice once, not once per listing (PostgreSQL delivers a transaction's identical notices once, at commit, anyway).
    private Guid? _lockedIn;
    private Guid? _notifiedIn;

    // Entries added since the last save: numbered (and so ordered) only when they are saved under the lock.
    private readonly List<AuditEntry> _staged = [];

    /// <summary>Adds a change's audit entry to the next <see cref="SaveStagedAsync"/>, for a writer saving many changes at once.</summary>
    public void Stage(string entityType, Guid entityId, string action, string actor, object? before, object? after)
    {
        var entry = new AuditEntry
        {
            EntityType = entityType, EntityId = entityId, Action = action, Actor = actor, At = clock.GetUtcNow(),
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        };
        db.AuditEntries.Add(entry);
        _staged.Add(entry);
    }

    /// <summary>
    /// THE place a change is saved: the tracked changes and their audit entry in one SaveChanges, inside one transaction
    /// (the caller's, inside an import), with anything else that must go with them. Every write path (listing pipeline,
    /// venues, organisations, signposts, taxonomy) ends here, so something that must accompany every change (a
    /// notification, say) belongs here. False when a row version had moved on: nothing is written then.
    /// </summary>
    public async Task<bool> SaveAsync(string entityType, Guid entityId, string action, string actor, object? before, object? after,
        CancellationToken ct, Func<Task>? alongside = null)
    {
        Stage(entityType, entityId, action, actor, before, after);
        return (await SaveStagedAsync(ct, alongside)).Count == 0;
    }

    /// <summary>
    /// Saves every staged entry with the tracked changes, as <see cref="SaveAsync"/> does for one: a writer's batch (an
    /// import's chunk of listings) is one SaveChanges, one lock and one notice. Returns the records whose row version had
    /// moved on (empty when all was saved); nothing of the batch is written then.
    /// </summary>
    /// <param name="copy">New rows go in by COPY (<see cref="AddedRowsCopy"/>), the rest by SaveChanges: for a batch of thousands of rows.</param>
    public async Task<IReadOnlyList<object>> SaveStagedAsync(CancellationToken ct, Func<Task>? alongside = null, bool copy = false)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var current = db.Database.CurrentTransaction!.TransactionId;
        if (_lockedIn != current)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChangesLockKey})", ct);
            _lockedIn = current;
        }
        var staged = _staged.ToList();
        _staged.Clear();
        try
        {
            await (copy ? AddedRowsCopy.SaveChangesAsync(db, staged, ct) : db.SaveChangesAsync(ct));
        }
        catch (DbUpdateConcurrencyException conflict)
        {
            // Nothing of these changes may be saved later by another SaveChanges on the same context. (Inside a caller's
            // transaction EF rolls back to the savepoint it took, and AddedRowsCopy to its own, so none of the batch stays
            // written either.)
            foreach (var entry in staged) db.Entry(entry).State = EntityState.Detached;
            return [.. conflict.Entries.Select(e => e.Entity)];
        }
        if (alongside is not null) await alongside();
        if (_notifiedIn != current)
        {
            await NotifyAsync(ct);
            _notifiedIn = current;
        }
        if (transaction is not null) await transaction.CommitAsync(ct);
        return [];
    }

    // Delivered at commit, to every node's read model (ReadModel/ModelSync), which then reads the feed past its cursor.
    private Task NotifyAsync(CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({ReadModel.ModelSync.Channel}, '')", ct);

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiSetup.Configure(options);
        return options;
    }
}
