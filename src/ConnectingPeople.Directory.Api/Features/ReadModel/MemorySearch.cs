using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.ReadModel.Text;
using ConnectingPeople.Directory.Api.Features.Search;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using NetTopologySuite.Geometries;

using Location = ConnectingPeople.Directory.Api.Data.Entities.Location;

namespace ConnectingPeople.Directory.Api.Features.ReadModel;

/// <summary>
/// Search answered from <see cref="DirectoryModel"/> without a database round trip. It mirrors <see cref="SearchQuery"/>
/// step by step and shares its parts: the filters are the very expressions <see cref="AssetFilters"/> gives SQL, run
/// here by LINQ to Objects (<see cref="RequestFilter"/>); ordering is <see cref="SearchOrdering"/>; cards are <see cref="ListingCards"/>. Distances are
/// <see cref="Geodesic"/> (spheroid) metres. Free text is judged by <see cref="TextQuery"/> (Snowball stems and pg_trgm word
/// similarity, as PostgreSQL judges it); a word or a listing text it cannot judge exactly sends the search to PostgreSQL.
/// </summary>
public sealed class MemorySearch(DirectoryModel model)
{
    private const double EarthSpanMetres = 20_100_000;

    public static bool CanAnswer(SearchRequest r) => r.TextTerms.All(PlainText.IsSimpleQueryWord);

    /// <summary>
    /// The page, with <c>nearest_beyond_m</c> when it is short; or null when a listing the search had to judge has text
    /// this path cannot judge exactly, and PostgreSQL must answer.
    /// </summary>
    public (SearchResponse? Response, ProblemDetails? Problem)? Execute(SearchRequest r, DateTimeOffset now)
    {
        r = SearchSessions.Today(r, now);
        var text = r.TextTerms.Count == 0 ? null : TextQuery.For(r.TextTerms, model.Text);
        if (r.TextTerms.Count > 0 && text is null) return null;
        var seen = new Dictionary<Guid, (Asset Asset, ListingText? Text)>();
        double? beyond = null;
        if (Hits(r, now, text, seen, total => ListingCards.WantsNearestBeyond(r, total), out beyond) is not { } hits) return null;
        var total = hits.Count;
        if (r.Page.Number > 1 && r.Page.Skip >= total) return (null, Problems.PageOutOfRange(r.Page, total));

        var keys = r.Sort == SearchSort.Relevance
            ? hits.ToDictionary(h => h.AssetId, h =>
            {
                var (asset, listingText) = seen[h.AssetId];
                return SearchRelevance.Key(text is null ? [] : text.Levels(listingText!, asset),
                    SearchOrdering.InterestsMatched(r, asset.Terms.Select(t => t.TermId)), h.DistanceMetres);
            })
            : [];
        var facts = new OrderingFacts(id => seen[id].Asset.Name, id => seen[id].Asset.Status == AssetStatus.Active ? seen[id].Asset.Schedules : [], id => keys[id]);
        var page = SearchOrdering.Order(r, hits, facts, now).Skip(r.Page.Skip).Take(r.Page.Size);
        List<SearchResult> contents = [.. page.Select(hit => ListingCards.ToResult(r, hit, seen[hit.AssetId].Asset, model.VenuesOf(seen[hit.AssetId].Asset), now))];
        return (ListingCards.Response(r, contents, total, beyond), null);
    }

    /// <summary>The hits, or null when some candidate's text cannot be judged here.</summary>
    private List<SearchHit>? Hits(SearchRequest r, DateTimeOffset now, TextQuery? text, Dictionary<Guid, (Asset, ListingText?)> seen,
        Func<int, bool> wantsBeyond, out double? beyond)
    {
        beyond = null;
        // Words are judged by TextQuery below; the compiled filter gets everything else.
        var filter = new RequestFilter(r with { TextTerms = [] }, now);
        var unjudged = false;
        List<Asset> Matching(IEnumerable<Asset> assets)
        {
            var matched = filter.Apply(assets);
            if (text is not null)
            {
                matched.RemoveAll(a =>
                {
                    if (model.Text.Of(a) is not { } listing)
                    {
                        unjudged = true;
                        return true;
                    }
                    seen[a.Id] = (a, listing);
                    return !text.Matches(listing);
                });
            }
            else foreach (var a in matched) seen[a.Id] = (a, null);
            return matched;
        }
        var hits = Hits(r, origin: r.Origin, Matching);
        if (!unjudged && r.Origin is { } origin && wantsBeyond(hits.Count))
            beyond = NearestBeyond(r, origin.Point, r.Nearest is null ? r.RadiusMetres : r.NearestMaxMetres, Matching);
        return unjudged ? null : hits;
    }

    /// <summary>
    /// How far the nearest matching venue beyond <paramref name="limit"/> is (null when there is none), as
    /// <see cref="SpatialSearch.NearestBeyondAsync"/> finds it: any venue of a matching listing beyond the limit, in the
    /// area, holding a fitting session. Rings widen fourfold until one holds a match.
    /// </summary>
    private double? NearestBeyond(SearchRequest r, Point origin, double limit, Func<IEnumerable<Asset>, List<Asset>> matching)
    {
        var fits = AssetFilters.SessionFits(r)?.Compile();
        for (var radius = Math.Min(Math.Max(2 * limit, limit + 2_000), EarthSpanMetres); ; radius = Math.Min(radius * 4, EarthSpanMetres))
        {
            var venues = VenuesBetween(r, origin, limit, radius);
            var matched = matching(venues.SelectMany(v => model.AssetsAt(v.Venue.Id)).DistinctBy(a => a.Id)).ToDictionary(a => a.Id);
            double? nearest = null;
            foreach (var (venue, distance) in venues)
            {
                if (nearest <= distance) continue;
                foreach (var id in model.AssetsAtVenue.GetValueOrDefault(venue.Id) ?? [])
                {
                    if (!matched.TryGetValue(id, out var asset)) continue;
                    if (fits is not null && !asset.Schedules.Any(s => fits(s) && (s.LocationId == null || s.LocationId == venue.Id))) continue;
                    nearest = distance;
                    break;
                }
            }
            if (nearest is not null || radius >= EarthSpanMetres) return nearest;
        }
    }

    private List<SearchHit> Hits(SearchRequest r, SearchOrigin? origin, Func<IEnumerable<Asset>, List<Asset>> Matching)
    {

        if (origin is null)
        {
            IEnumerable<Asset> pool = r.AreaCode is { } code ? InArea(code) : model.Assets.Values;
            return [.. Matching(pool).Select(a => new SearchHit(a.Id, null, null, MatchKind.Relevance))];
        }

        var fits = AssetFilters.SessionFits(r)?.Compile();
        List<SearchHit> venueHits;
        if (r.Nearest is { } n)
        {
            var limit = Math.Min(r.NearestMaxMetres, EarthSpanMetres);
            for (var radius = Math.Min(2_000.0, limit); ; radius = Math.Min(radius * 4, limit))
            {
                var within = VenueHits(r, origin.Point, radius, fits, Matching);
                if (within.Count >= n || radius >= limit)
                {
                    venueHits = [.. within.OrderBy(h => h.DistanceMetres).ThenBy(h => h.AssetId).Take(n)];
                    break;
                }
            }
        }
        else venueHits = VenueHits(r, origin.Point, r.RadiusMetres, fits, Matching);

        var found = venueHits.Select(h => h.AssetId).ToHashSet();
        return [.. venueHits, .. Covering(r, origin.Point, found, Matching)];
    }

    /// <summary>Each matching listing once, by its nearest venue within the radius (in the area, holding a fitting session).</summary>
    private List<SearchHit> VenueHits(SearchRequest r, Point origin, double radius, Func<Schedule, bool>? fits, Func<IEnumerable<Asset>, List<Asset>> matching)
    {
        var venues = VenuesBetween(r, origin, -1, radius);
        var matched = matching(venues.SelectMany(v => model.AssetsAt(v.Venue.Id)).DistinctBy(a => a.Id)).ToDictionary(a => a.Id);
        var hits = new List<SearchHit>();
        foreach (var (venue, distance) in venues)
        {
            foreach (var id in model.AssetsAtVenue.GetValueOrDefault(venue.Id) ?? [])
            {
                if (!matched.TryGetValue(id, out var asset)) continue;
                if (fits is not null && !asset.Schedules.Any(s => fits(s) && (s.LocationId == null || s.LocationId == venue.Id))) continue;
                hits.Add(new SearchHit(id, venue.Id, distance, MatchKind.Distance));
            }
        }
        return SpatialSearch.NearestPerAsset(hits);
    }

    /// <summary>Venues further than <paramref name="inner"/> and at most <paramref name="outer"/> metres away, in the area asked for.</summary>
    internal List<(Location Venue, double Distance)> VenuesBetween(SearchRequest r, Point origin, double inner, double outer)
    {
        var area = r.AreaCode is { } code ? model.Areas.GetValueOrDefault(code) : null;
        var venues = new List<(Location Venue, double Distance)>();
        foreach (var venue in model.Venues.Query(Around(origin, outer), model.Locations))
        {
            var d = Geodesic.Metres(origin.Y, origin.X, venue.Latitude, venue.Longitude);
            if (d > inner && d <= outer && (area is null || area.Covers(venue.Point))) venues.Add((venue, d));
        }
        return venues;
    }

    /// <summary>Listings with a service area covering the origin and no venue hit (with an area, serving it or its authority).</summary>
    private List<SearchHit> Covering(SearchRequest r, Point origin, HashSet<Guid> exclude, Func<IEnumerable<Asset>, List<Asset>> matching)
    {
        var serving = model.AssetsServingArea
            .Where(entry => !entry.Value.IsEmpty && model.Areas.TryGetValue(entry.Key, out var shape) && shape.Covers(origin))
            .SelectMany(entry => entry.Value).Distinct().Select(id => model.Assets.GetValueOrDefault(id)).OfType<Asset>();
        IEnumerable<Asset> covering = matching(serving);
        if (r.AreaCode is { } code)
        {
            var parent = model.Areas.GetValueOrDefault(code)?.ParentCode;
            covering = covering.Where(a => a.ServiceAreas.Any(s => s.AreaCode == code || s.AreaCode == parent));
        }
        return [.. covering.Where(a => !exclude.Contains(a.Id)).Select(a => new SearchHit(a.Id, null, null, MatchKind.Coverage))];
    }

    /// <summary>Listings with a venue inside the area.</summary>
    private IEnumerable<Asset> InArea(string code)
    {
        if (model.Areas.GetValueOrDefault(code) is not { Boundary: { } boundary } area) return [];
        return model.Venues.Query(boundary.Geometry.EnvelopeInternal, model.Locations).Where(v => area.Covers(v.Point))
            .SelectMany(v => model.AssetsAt(v.Id)).DistinctBy(a => a.Id);
    }

    /// <summary>
    /// A longitude/latitude box holding every point within the radius: a degree of latitude is at least 110.5 km and a
    /// degree of longitude at least 111.3 km times the cosine of the latitude, with 1% to spare.
    /// </summary>
    private static Envelope Around(Point origin, double radius)
    {
        var dLat = radius / 110_000 * 1.01;
        var maxLat = Math.Abs(origin.Y) + dLat;
        if (radius > 1_000_000 || maxLat >= 89) return new Envelope(-180, 180, Math.Max(-90, origin.Y - dLat), Math.Min(90, origin.Y + dLat));
        var dLon = dLat / Math.Cos(maxLat * Math.PI / 180);
        if (origin.X - dLon < -180 || origin.X + dLon > 180) return new Envelope(-180, 180, origin.Y - dLat, origin.Y + dLat);
        return new Envelope(origin.X - dLon, origin.X + dLon, origin.Y - dLat, origin.Y + dLat);
    }
}
