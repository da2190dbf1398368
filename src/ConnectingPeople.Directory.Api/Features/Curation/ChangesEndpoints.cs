using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Curation;

/// <summary>One committed change to a directory record.</summary>
/// <param name="Cursor">The change's position in commit order: pass it as since to read what came after.</param>
/// <param name="EntityType">asset, organisation, location or taxonomy_term.</param>
/// <param name="EntityId">The id of the record that changed (GET it to read its current state).</param>
/// <param name="Action">What happened: created, updated, deleted, restored or verified (records older than the feed appear once, as created or deleted).</param>
/// <param name="At">When the change was committed (UTC).</param>
public sealed record Change(long Cursor, string EntityType, Guid EntityId, string Action, DateTimeOffset At);

/// <summary>A page of changes after a cursor; call again with next_cursor until has_more is false.</summary>
/// <param name="Changes">The changes after since, oldest first.</param>
/// <param name="NextCursor">The cursor to pass as since next time (since itself when there were no changes).</param>
/// <param name="HasMore">true when more changes follow: call again at once with next_cursor.</param>
public sealed record ChangesPage(IReadOnlyList<Change> Changes, long NextCursor, bool HasMore);

public static class ChangesEndpoints
{
    public static WebApplication MapChanges(this WebApplication app)
    {
        app.MapResource("/api/v1/changes").MapGet("", GetChanges).WithTags("Curation").WithName("GetChanges")
            .WithSummary("Created, updated, deleted, restored and verified ids in commit order, from a cursor")
            .WithDescription("Directory records only (signposting records are private to their team). Start from since=0 and keep the returned next_cursor: entries are numbered in commit order, so "
                + "a client that resumes from its cursor neither misses nor repeats a change. Every listing, organisation and venue has an entry, so a copy synced from 0 is complete. "
                + "Paged by cursor (`since`, `limit` -> `changes`, `next_cursor`, `has_more`) rather than by page number like the lists: a cursor stays valid while others write, where page numbers shift.")
            .ProducesValidationProblem();
        return app;
    }

    /// <param name="since">Return changes after this cursor: 0 (the default) for everything, else a next_cursor this feed returned.</param>
    /// <param name="limit">At most this many changes, 1 to 1000 (default 100).</param>
    private static async Task<Results<Ok<ChangesPage>, ValidationProblem>> GetChanges(
        [FromQuery(Name = "since")] long? since, [FromQuery(Name = "limit")] int? limit, DirectoryDbContext db, CancellationToken ct)
    {
        var validation = new Validation();
        if (since is < 0) validation.Add("since", "must be 0 or a cursor this feed returned.");
        if (limit is < 1 or > 1000) validation.Add("limit", "must be between 1 and 1000.");
        if (!validation.IsValid) return Problems.Invalid(validation);
        var after = since ?? 0;
        var take = limit ?? 100;
        // A cursor past the newest entry cannot have come from this feed: a client keeping it would skip what comes next.
        var head = await db.AuditEntries.MaxAsync(e => (long?)e.Id, ct) ?? 0;
        if (after > head) return Problems.Invalid("since", $"is past the newest change ({head}): start from 0, or from a next_cursor this feed returned.");
        var changes = await db.AuditEntries.AsNoTracking().Where(e => e.Id > after && e.EntityType != Signposting.SignpostEndpoints.AuditType).OrderBy(e => e.Id).Take(take + 1)
            .Select(e => new Change(e.Id, e.EntityType, e.EntityId, e.Action, e.At)).ToListAsync(ct);
        var page = changes.Take(take).ToList();
        return TypedResults.Ok(new ChangesPage(page, page.Count > 0 ? page[^1].Cursor : after, changes.Count > take));
    }
}
