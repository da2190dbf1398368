using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Curation;

/// <summary>A listing's history as a person reads it: each entry with the fields it changed, before and after.</summary>
public static class AssetHistory
{
    /// <summary>One change to a listing.</summary>
    /// <param name="Id">The change's cursor in the change feed.</param>
    /// <param name="Action">created, updated, deleted, restored or verified.</param>
    /// <param name="Actor">The key or user that made the change.</param>
    /// <param name="At">When it was committed.</param>
    /// <param name="Changes">The fields it changed, before and after.</param>
    /// <param name="Before">The listing as written before the change; null for a create.</param>
    /// <param name="After">The listing as written after the change; null for a delete.</param>
    public sealed record Entry(long Id, string Action, string Actor, DateTimeOffset At, IReadOnlyList<FieldChange> Changes, JsonNode? Before, JsonNode? After);

    public static async Task<List<Entry>> ReadAsync(DirectoryDbContext db, Guid id, CancellationToken ct)
    {
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "asset" && e.EntityId == id).OrderBy(e => e.Id).ToListAsync(ct);
        var parsed = entries.Select(e => (Entry: e, Before: Parse(e.Before), After: Parse(e.After))).ToList();
        await NameVenuesAsync(db, parsed.SelectMany(p => new[] { p.Before, p.After }), ct);
        return [.. parsed.Select(p => new Entry(p.Entry.Id, p.Entry.Action, p.Entry.Actor, p.Entry.At,
            FieldChange.Between(p.Before, p.After), p.Before, p.After))];
    }

    private static JsonObject? Parse(string? json) => json is null ? null : JsonNode.Parse(json) as JsonObject;

    /// <summary>
    /// Entries written before venues were recorded with their names name a linked venue by id alone; they are shown with the
    /// venue's name and postcode (as it is now), so an entry never reads as if the venue had lost them.
    /// </summary>
    private static async Task NameVenuesAsync(DirectoryDbContext db, IEnumerable<JsonObject?> bodies, CancellationToken ct)
    {
        var unnamed = bodies.OfType<JsonObject>().SelectMany(b => b["venues"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(v => v["location_id"] is not null && v["name"] is null).ToList();
        if (unnamed.Count == 0) return;
        var ids = unnamed.Select(v => Guid.TryParse(v["location_id"]!.ToString(), out var g) ? g : Guid.Empty).Distinct().ToList();
        var venues = await db.Locations.IgnoreQueryFilters().AsNoTracking().Where(l => ids.Contains(l.Id))
            .ToDictionaryAsync(l => l.Id.ToString(), l => (l.Name, l.Postcode), ct);
        foreach (var v in unnamed)
        {
            if (!venues.TryGetValue(v["location_id"]!.ToString(), out var venue)) continue;
            v["name"] = venue.Name;
            v["postcode"] = venue.Postcode;
        }
    }
}
