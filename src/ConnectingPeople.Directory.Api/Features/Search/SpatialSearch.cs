using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>A listing that matched, at which venue and how far away (metres on the spheroid).</summary>
public sealed record SearchHit(Guid AssetId, Guid? LocationId, double? DistanceMetres, MatchKind Match)
{
    /// <summary>
    /// To the tenth of a metre, as results show it, and so as they are ordered: two venues a few millimetres apart are
    /// equally far to a person (the order then falls to the name), and the two read paths, whose spheroid distances
    /// (PostGIS's and the read model's Vincenty) differ by up to hundredths of a millimetre, order them alike.
    /// </summary>
    public double? DistanceMetres { get; init; } = DistanceMetres is { } d ? Math.Round(d, 1) : null;
}

/// <summary>
/// The spatial half of search. Venue distances are PostGIS geography (spheroid) metres; the radius filter is
/// ST_DWithin and nearest-N ordering is the KNN operator &lt;-&gt;, both on the GiST index of locations.point.
/// </summary>
public static class SpatialSearch
{
    /// <summary>Venues of candidate listings within the radius (or the N nearest), as queried, before grouping by listing.</summary>
    public static IQueryable<SearchHit> VenuesWithin(this IQueryable<AssetLocation> links, IQueryable<Asset> candidates, Point origin,
        double radiusMetres, string? areaCode, IQueryable<Area> areas, IQueryable<Schedule>? fittingSessions = null) =>
        links.InArea(areaCode, areas).HoldingSessions(fittingSessions)
            .Where(l => candidates.Any(a => a.Id == l.AssetId) && l.Location.Point.IsWithinDistance(origin, radiusMetres))
            .Select(l => new SearchHit(l.AssetId, l.LocationId, l.Location.Point.Distance(origin), MatchKind.Distance));

    /// <summary>With time conditions, a venue counts only if a fitting session is held there (or names no venue).</summary>
    public static IQueryable<AssetLocation> HoldingSessions(this IQueryable<AssetLocation> links, IQueryable<Schedule>? fittingSessions) =>
        fittingSessions is null
            ? links
            : links.Where(l => fittingSessions.Any(s => s.AssetId == l.AssetId && (s.LocationId == null || s.LocationId == l.LocationId)));

    public static IQueryable<AssetLocation> InArea(this IQueryable<AssetLocation> links, string? areaCode, IQueryable<Area> areas) =>
        areaCode is null ? links : links.Where(l => areas.Any(a => a.Code == areaCode && a.Boundary!.Covers(l.Location.Point)));

    /// <summary>Every listing counts once, by its nearest venue (the lower venue id among equally near ones).</summary>
    public static List<SearchHit> NearestPerAsset(IEnumerable<SearchHit> venueHits)
    {
        // One pass: a city's 5 km holds thousands of venue hits, and grouping and sorting each group cost more than this.
        var nearest = new Dictionary<Guid, SearchHit>();
        foreach (var hit in venueHits)
        {
            if (!nearest.TryGetValue(hit.AssetId, out var best) || Nullable.Compare(hit.DistanceMetres, best.DistanceMetres) < 0
                || (Nullable.Compare(hit.DistanceMetres, best.DistanceMetres) == 0 && Nullable.Compare(hit.LocationId, best.LocationId) < 0))
                nearest[hit.AssetId] = hit;
        }
        return [.. nearest.Values];
    }

    public static async Task<List<SearchHit>> WithinRadiusAsync(DirectoryDbContext db, IQueryable<Asset> candidates, Point origin,
        double radiusMetres, string? areaCode, IQueryable<Schedule>? fittingSessions, CancellationToken ct) =>
        NearestPerAsset(await db.AssetLocations.VenuesWithin(candidates, origin, radiusMetres, areaCode, db.Areas, fittingSessions).ToListAsync(ct));

    /// <summary>
    /// The N listings with the nearest venues at any distance. Venues come in KNN order (sphere distance, from the
    /// index); we fetch until N distinct listings are in hand and no unfetched venue could be nearer on the spheroid
    /// (the two distances differ by under 0.5%).
    /// </summary>
    public static async Task<List<SearchHit>> NearestAsync(DirectoryDbContext db, IQueryable<Asset> candidates, Point origin, int n,
        double maxMetres, string? areaCode, IQueryable<Schedule>? fittingSessions, CancellationToken ct)
    {
        var query = db.AssetLocations.HoldingSessions(fittingSessions).Where(l => l.Location.Point.IsWithinDistance(origin, maxMetres))
            .NearestVenues(candidates, origin, areaCode, db.Areas);
        for (var limit = Math.Max(4 * n, n + 50); ; limit *= 4)
        {
            var rows = await query.Take(limit).ToListAsync(ct);
            var nearest = NearestPerAsset(rows.Select(r => r.Hit)).OrderBy(h => h.DistanceMetres).ThenBy(h => h.AssetId).Take(n).ToList();
            var exhausted = rows.Count < limit;
            if (exhausted || (nearest.Count == n && nearest[^1].DistanceMetres <= rows[^1].Sphere * 0.995)) return nearest;
        }
    }

    /// <summary>
    /// How far the nearest matching venue beyond <paramref name="metres"/> is, or null when there is none: so a client
    /// can say "nothing within 3 km; the nearest is 7.4 km away". KNN rows are read until the spheroid minimum is certain.
    /// </summary>
    public static async Task<double?> NearestBeyondAsync(DirectoryDbContext db, IQueryable<Asset> candidates, Point origin, double metres,
        string? areaCode, IQueryable<Schedule>? fittingSessions, CancellationToken ct)
    {
        var query = db.AssetLocations.HoldingSessions(fittingSessions).Where(l => !l.Location.Point.IsWithinDistance(origin, metres))
            .NearestVenues(candidates, origin, areaCode, db.Areas);
        // KNN order is the sphere's; read on until no unread venue could be nearer on the spheroid (under 0.5% apart).
        for (var limit = 10; ; limit *= 4)
        {
            var rows = await query.Take(limit).ToListAsync(ct);
            if (rows.Count == 0) return null;
            var nearest = rows.Min(r => r.Hit.DistanceMetres);
            if (rows.Count < limit || nearest <= rows[^1].Sphere * 0.995) return nearest;
        }
    }

    /// <summary>Venues of candidate listings in KNN order (&lt;-&gt; on the GiST index), with both distances.</summary>
    public static IQueryable<KnnHit> NearestVenues(this IQueryable<AssetLocation> links, IQueryable<Asset> candidates, Point origin,
        string? areaCode, IQueryable<Area> areas) =>
        links.InArea(areaCode, areas)
            .Where(l => candidates.Any(a => a.Id == l.AssetId))
            .OrderBy(l => EF.Functions.DistanceKnn(l.Location.Point, origin))
            .Select(l => new KnnHit(
                new SearchHit(l.AssetId, l.LocationId, l.Location.Point.Distance(origin), MatchKind.Distance),
                EF.Functions.DistanceKnn(l.Location.Point, origin)));

    public sealed record KnnHit(SearchHit Hit, double Sphere);

    /// <summary>
    /// Listings with a service area covering the origin (a phone line for the whole borough), and no venue hit. With an
    /// area asked for, the service area must be that area or the authority it belongs to.
    /// </summary>
    public static async Task<List<SearchHit>> CoveringAsync(DirectoryDbContext db, IQueryable<Asset> candidates, Point origin,
        string? areaCode, IReadOnlySet<Guid> exclude, CancellationToken ct)
    {
        var covering = candidates.Where(a => a.ServiceAreas.Any(s => s.Area.Boundary!.Covers(origin)));
        if (areaCode is not null)
        {
            var parent = await db.Areas.Where(a => a.Code == areaCode).Select(a => a.ParentCode).FirstOrDefaultAsync(ct);
            covering = covering.Where(a => a.ServiceAreas.Any(s => s.AreaCode == areaCode || s.AreaCode == parent));
        }
        var ids = await covering.Select(a => a.Id).ToListAsync(ct);
        return [.. ids.Where(id => !exclude.Contains(id)).Select(id => new SearchHit(id, null, null, MatchKind.Coverage))];
    }
}
