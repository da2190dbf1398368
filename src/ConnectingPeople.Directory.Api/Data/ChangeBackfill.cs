using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Data;

/// <summary>
/// Gives every listing, organisation and venue the changes feed has never named a change entry of its own, so a
/// client that syncs from cursor 0 sees every record. Rows written by the curation API get theirs as they are saved;
/// this covers the rest: rows that existed before the feed did (a migration runs it once), the seeder's sample data,
/// bulk loads that COPY rows in, and venues created inline by a listing write. Entries are appended under the feed's
/// lock, organisations first, then venues, then listings, each by creation time, so a client applying them in order
/// meets an organisation before its listings.
/// </summary>
public static class ChangeBackfill
{
    public const string Actor = "system:backfill";

    public static readonly string Sql = $"""
        SELECT pg_advisory_xact_lock({AuditLog.ChangesLockKey});
        INSERT INTO directory.audit_entries (entity_type, entity_id, action, actor, at)
        SELECT t.entity_type, t.id, CASE WHEN t.deleted_at IS NULL THEN 'created' ELSE 'deleted' END, '{Actor}',
               COALESCE(t.deleted_at, t.created_at)
        FROM (
            SELECT 'organisation' AS entity_type, 1 AS rank, id, created_at, deleted_at FROM directory.organisations
            UNION ALL SELECT 'location', 2, id, created_at, deleted_at FROM directory.locations
            UNION ALL SELECT 'asset', 3, id, created_at, deleted_at FROM directory.assets
        ) AS t
        WHERE NOT EXISTS (SELECT 1 FROM directory.audit_entries e WHERE e.entity_type = t.entity_type AND e.entity_id = t.id)
        ORDER BY t.rank, t.created_at, t.id;
        """;

    /// <summary>Runs inside the caller's transaction when there is one (the seeder's, a bulk load's).</summary>
    public static async Task RunAsync(DirectoryDbContext db, CancellationToken ct)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.Database.ExecuteSqlRawAsync(Sql, ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Venues a listing write created inline (a new venue in the listing's body) get their own entry, in the
    /// listings' transaction (one statement for a batch of listings).
    /// </summary>
    public static Task VenuesOfAsync(DirectoryDbContext db, IReadOnlyCollection<Guid> assetIds, CancellationToken ct) => db.Database.ExecuteSqlAsync($"""
        SELECT pg_advisory_xact_lock({AuditLog.ChangesLockKey});
        INSERT INTO directory.audit_entries (entity_type, entity_id, action, actor, at)
        SELECT 'location', l.id, 'created', {Actor}, l.created_at
        FROM directory.locations l
        WHERE EXISTS (SELECT 1 FROM directory.asset_locations al WHERE al.location_id = l.id AND al.asset_id = ANY({assetIds.ToArray()}))
          AND NOT EXISTS (SELECT 1 FROM directory.audit_entries e WHERE e.entity_type = 'location' AND e.entity_id = l.id)
        ORDER BY l.created_at, l.id;
        """, ct);
}
