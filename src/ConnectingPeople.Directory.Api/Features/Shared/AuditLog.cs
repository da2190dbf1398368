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

    /// <summary>
    /// THE place a change is saved: the tracked changes and their audit entry in one SaveChanges, inside one transaction
    /// (the caller's, inside an import), with anything else that must go with them. Every write path (listing pipeline,
    /// venues, organisations, signposts, taxonomy) ends here, so something that must accompany every change (a
    /// notification, say) belongs here. False when a row version had moved on: nothing is written then.
    /// </summary>
    public async Task<bool> SaveAsync(string entityType, Guid entityId, string action, string actor, object? before, object? after,
        CancellationToken ct, Func<Task>? alongside = null)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var current = db.Database.CurrentTransaction!.TransactionId;
        if (_lockedIn != current)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChangesLockKey})", ct);
            _lockedIn = current;
        }
        var entry = new AuditEntry
        {
            EntityType = entityType, EntityId = entityId, Action = action, Actor = actor, At = clock.GetUtcNow(),
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        };
        db.AuditEntries.Add(entry);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Nothing of this change may be saved later by another SaveChanges on the same context.
            db.Entry(entry).State = EntityState.Detached;
            return false;
        }
        if (alongside is not null) await alongside();
        if (_notifiedIn != current)
        {
            await NotifyAsync(ct);
            _notifiedIn = current;
        }
        if (transaction is not null) await transaction.CommitAsync(ct);
        return true;
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
