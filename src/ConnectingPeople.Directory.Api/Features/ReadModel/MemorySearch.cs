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
        var page = SearchOrdering.Order(r, Leading(r, hits), facts, now).Skip(r.Page.Skip).Take(r.Page.Size);
        List<SearchResult> contents = [.. page.Select(hit => ListingCards.ToResult(r, hit, seen[hit.AssetId].Asset, model.VenuesOf(seen[hit.AssetId].Asset), now))];
        return (ListingCards.Response(r, contents, total, beyond), null);
    }

    /// <summary>
    /// By distance, only the hits that can reach the page need ordering: those no further than the page's last. Ties at
    /// that distance are all kept, so the order (distance, then name, then id) puts the same hits on the page.
    /// </summary>
    private static List<SearchHit> Leading(SearchRequest r, List<SearchHit> hits)
    {
        var reach = r.Page.Skip + r.Page.Size;
        if (r.Sort != SearchSort.Distance || hits.Count <= 2 * reach) return hits;
        var last = hits.Select(h => h.DistanceMetres ?? double.MaxValue).Order().ElementAt(reach - 1);
        return [.. hits.Where(h => (h.DistanceMetres ?? double.MaxValue) <= last)];
    }

    /// <summary>The hits, or null when some candidate's text cannot be judged here.</summary>
    private List<SearchHit>? Hits(SearchRequest r, DateTimeOffset now, TextQuery? text, Dictionary<Guid, (Asset, ListingText?)> seen,
        Func<int, bool> wantsBeyond, out double? beyond)
    {
        beyond = null;
        // Words are judged by TextQuery below; the compiled filter gets everything else.
        var filter = RequestFilter.For(r, now);
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
        var hits = Hits(r, r.Origin, filter.Fits, Matching);
        if (!unjudged && r.Origin is { } origin && wantsBeyond(hits.Count))
            beyond = NearestBeyond(r, origin.Point, r.Nearest is null ? r.RadiusMetres : r.NearestMaxMetres, filter.Fits, Matching);
        return unjudged ? null : hits;
    }

    /// <summary>
    /// How far the nearest matching venue beyond <paramref name="limit"/> is (null when there is none), as
    /// <see cref="SpatialSearch.NearestBeyondAsync"/> finds it: any venue of a matching listing beyond the limit, in the
    /// area, holding a fitting session. Rings widen twofold until one holds a match; each venue is looked at in one ring
    /// only (by its sphere distance, a lower bound on the spheroid's), nearest first, and each listing is judged by the
    /// filter once, so a rare filter costs one pass over the venues it must rule out, not one per ring.
    /// </summary>
    private double? NearestBeyond(SearchRequest r, Point origin, double limit, Func<Schedule, bool>? fits, Func<IEnumerable<Asset>, List<Asset>> matching)
    {
        var area = AreaOf(r);
        var from = SpherePoint.At(origin.Y, origin.X);
        var judged = new Dictionary<Guid, bool>();
        bool Matches(Asset a)
        {
            if (!judged.TryGetValue(a.Id, out var matches)) judged[a.Id] = matches = matching([a]).Count > 0;
            return matches;
        }

        double? nearest = null;
        // Every venue whose lower bound is at most this has been looked at.
        var searched = -1.0;
        for (var radius = Math.Min(Math.Max(2 * limit, limit + 2_000), EarthSpanMetres); ; radius = Math.Min(radius * 2, EarthSpanMetres))
        {
            var ring = new List<(Location Venue, double Least)>();
            // A venue with a lower bound within the radius is at most a stretch of the radius away.
            foreach (var (venue, at) in model.Venues.Near(Around(origin, radius * SpherePoint.Stretch + 1), model.Locations))
            {
                var sphere = from.Metres(at);
                var least = SpherePoint.Least(sphere);
                if (least > searched && least <= radius && SpherePoint.Most(sphere) > limit) ring.Add((venue, least));
            }
            ring.Sort((a, b) => a.Least.CompareTo(b.Least));
            foreach (var (venue, least) in ring)
            {
                if (nearest <= least) break;
                var d = Geodesic.Metres(origin.Y, origin.X, venue.Latitude, venue.Longitude);
                if (d <= limit || nearest <= d) continue;
                if (!model.AssetsAt(venue.Id).Any(a => Matches(a) && Offers(a, venue, fits))) continue;
                if (area is null || area.Covers(venue.Point)) nearest = d;
            }
            searched = radius;
            // No venue left unseen is within the radius, so none can be nearer.
            if (nearest <= radius || radius >= EarthSpanMetres) return nearest;
        }
    }

    /// <summary>With time conditions, a venue counts only if a fitting session is held there (or names no venue).</summary>
    private static bool Offers(Asset asset, Location venue, Func<Schedule, bool>? fits) =>
        fits is null || asset.Schedules.Any(s => fits(s) && (s.LocationId == null || s.LocationId == venue.Id));

    private AreaShape? AreaOf(SearchRequest r) => r.AreaCode is { } code ? model.Areas.GetValueOrDefault(code) : null;

    private List<SearchHit> Hits(SearchRequest r, SearchOrigin? origin, Func<Schedule, bool>? fits, Func<IEnumerable<Asset>, List<Asset>> Matching)
    {
        if (origin is null)
        {
            IEnumerable<Asset> pool = r.AreaCode is { } code ? InArea(code) : model.Assets.Values;
            return [.. Matching(pool).Select(a => new SearchHit(a.Id, null, null, MatchKind.Relevance))];
        }

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
        // A page by distance needs exact distances only for the hits that can reach it.
        else venueHits = VenueHits(r, origin.Point, r.RadiusMetres, fits, Matching, r.Sort == SearchSort.Distance ? r.Page.Skip + r.Page.Size : null);

        var found = venueHits.Select(h => h.AssetId).ToHashSet();
        return [.. venueHits, .. Covering(r, origin.Point, found, Matching)];
    }

    /// <summary>
    /// Each matching listing once, by its nearest venue within the radius (in the area, holding a fitting session). Given
    /// <paramref name="reach"/> (a page by distance, which shows at most the first so many hits), Vincenty runs only
    /// where the sphere's bounds leave it in doubt: at the radius's edge, and for the listings that can still be among
    /// the first <paramref name="reach"/>. Each other hit carries its lower bound as its distance, which is further than
    /// the page's last hit: it counts in the total, and ordering leaves it past the page, where no one reads its distance.
    /// </summary>
    private List<SearchHit> VenueHits(SearchRequest r, Point origin, double radius, Func<Schedule, bool>? fits,
        Func<IEnumerable<Asset>, List<Asset>> matching, int? reach = null)
    {
        // One pass over the venues' listings, then the filter once over each listing found.
        var links = new List<(Location Venue, Bounds Metres, Asset Asset)>();
        var listings = new Dictionary<Guid, Asset>();
        foreach (var (venue, metres) in VenuesWithin(r, origin, radius, exact: reach is null))
        {
            if (!model.AssetsAtVenue.TryGetValue(venue.Id, out var ids)) continue;
            foreach (var id in ids)
            {
                if (!model.Assets.TryGetValue(id, out var asset)) continue;
                links.Add((venue, metres, asset));
                listings.TryAdd(id, asset);
            }
        }
        var matched = matching(listings.Values).Select(a => a.Id).ToHashSet();
        links.RemoveAll(l => !matched.Contains(l.Asset.Id) || !Offers(l.Asset, l.Venue, fits));
        if (reach is null) return SpatialSearch.NearestPerAsset(links.Select(l => new SearchHit(l.Asset.Id, l.Venue.Id, l.Metres.Least, MatchKind.Distance)));

        // A listing's distance lies between the least of its venues' lower bounds and the least of their upper bounds.
        var perListing = new Dictionary<Guid, (Bounds Metres, Guid Venue)>();
        foreach (var (venue, metres, asset) in links)
        {
            if (!perListing.TryGetValue(asset.Id, out var known)) perListing[asset.Id] = (metres, venue.Id);
            else perListing[asset.Id] = (new Bounds(Math.Min(known.Metres.Least, metres.Least), Math.Min(known.Metres.Most, metres.Most)),
                metres.Least < known.Metres.Least ? venue.Id : known.Venue);
        }
        var cut = Cut([.. perListing.Values.Select(v => v.Metres.Most)], reach.Value);
        var hits = SpatialSearch.NearestPerAsset(links
            .Where(l => perListing[l.Asset.Id].Metres is var listing && listing.Least <= cut && l.Metres.Least <= listing.Most)
            .Select(l => new SearchHit(l.Asset.Id, l.Venue.Id, l.Metres.Exact ?? Geodesic.Metres(origin.Y, origin.X, l.Venue.Latitude, l.Venue.Longitude),
                MatchKind.Distance)));
        foreach (var (id, (metres, venue)) in perListing)
            if (metres.Least > cut) hits.Add(new SearchHit(id, venue, metres.Least, MatchKind.Distance));
        return hits;
    }

    /// <summary>
    /// The <paramref name="reach"/>-th smallest of the upper bounds (infinity when there are no more): at least that many
    /// are no further, so one whose lower bound is beyond it cannot be among the first <paramref name="reach"/> by
    /// distance, ties included.
    /// </summary>
    internal static double Cut(double[] upperBounds, int reach)
    {
        if (upperBounds.Length <= reach) return double.PositiveInfinity;
        Array.Sort(upperBounds);
        return upperBounds[reach - 1];
    }

    /// <summary>Where a venue's spheroid distance lies; both ends are the distance itself once Vincenty has run.</summary>
    internal readonly record struct Bounds(double Least, double Most)
    {
        public double? Exact => Least == Most ? Least : null;
    }

    /// <summary>
    /// Venues at most <paramref name="radius"/> metres away, in the area asked for, with their distances: exact (Vincenty)
    /// when <paramref name="exact"/> or when the sphere's bounds leave in doubt whether the venue is within, else bounds.
    /// </summary>
    internal IEnumerable<(Location Venue, Bounds Metres)> VenuesWithin(SearchRequest r, Point origin, double radius, bool exact)
    {
        if (exact)
        {
            foreach (var (venue, d) in VenuesBetween(r, origin, -1, radius)) yield return (venue, new Bounds(d, d));
            yield break;
        }
        var area = AreaOf(r);
        var from = SpherePoint.At(origin.Y, origin.X);
        foreach (var (venue, at) in model.Venues.Near(Around(origin, radius), model.Locations))
        {
            var sphere = from.Metres(at);
            var bounds = new Bounds(SpherePoint.Least(sphere), SpherePoint.Most(sphere));
            if (bounds.Least > radius) continue;
            if (bounds.Most > radius)
            {
                var d = Geodesic.Metres(origin.Y, origin.X, venue.Latitude, venue.Longitude);
                if (d > radius) continue;
                bounds = new Bounds(d, d);
            }
            if (area is null || area.Covers(venue.Point)) yield return (venue, bounds);
        }
    }

    /// <summary>Venues further than <paramref name="inner"/> and at most <paramref name="outer"/> metres away, in the area asked for.</summary>
    private List<(Location Venue, double Distance)> VenuesBetween(SearchRequest r, Point origin, double inner, double outer)
    {
        var area = AreaOf(r);
        var from = SpherePoint.At(origin.Y, origin.X);
        var venues = new List<(Location Venue, double Distance)>();
        foreach (var (venue, at) in model.Venues.Near(Around(origin, outer), model.Locations))
        {
            // Vincenty only where the sphere's bounds leave it in doubt.
            var sphere = from.Metres(at);
            if (SpherePoint.Least(sphere) > outer || SpherePoint.Most(sphere) <= inner) continue;
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
