using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.OpenReferral;
using ConnectingPeople.Directory.Api.Features.ReadModel.Text;
using ConnectingPeople.Directory.Api.Features.Search;
using ConnectingPeople.Directory.Api.Features.Shared;

namespace ConnectingPeople.Directory.Api.Features.ReadModel;

/// <summary>
/// ORUK's services and service_at_locations lists from <see cref="DirectoryModel"/>, as <see cref="OrukQuery"/> answers
/// them from PostgreSQL: the same filter expressions (<see cref="OrukFilterExpressions.MatchingOruk"/>) run by LINQ to
/// Objects, free text judged by <see cref="TextQuery"/> as search judges it, the postcode's service-area rule on the held
/// boundaries, venues within the proximity by spheroid distance (<see cref="Geodesic"/>, through the search's venue scan).
/// Orders are PostgreSQL's: names by code point (<see cref="CodePointOrder"/>; the SQL sorts them <c>COLLATE "C"</c>),
/// ids as uuids compare (.NET's own <see cref="Guid.CompareTo(Guid)"/> order, which <c>ReadModelOrderTests</c> checks
/// against PostgreSQL's). Listings come back put together by <see cref="MemoryReads.Full"/>.
/// Null means PostgreSQL must answer: text this path cannot judge, or a listing that changed while the page was made.
/// </summary>
public sealed class MemoryOruk(DirectoryModel model, MemoryReads reads, MemorySearch search)
{
    // The search's venue scan takes a search request only for its area; ORUK asks for none.
    private static readonly SearchRequest Anywhere = new() { Page = new PageRequest(1, 1) };

    /// <summary>One page of services, by name then id, and how many match.</summary>
    public (List<Asset> Page, int Total)? Services(OrukFilters f, PageRequest page)
    {
        if (Matching(f, All()) is not { } services) return null;
        var ordered = services.OrderBy(a => a.Name, CodePointOrder.Instance).ThenBy(a => a.Id).Skip(page.Skip).Take(page.Size).ToList();
        var full = ordered.Select(a => reads.Full(a.Id)).OfType<Asset>().ToList();
        return full.Count == ordered.Count ? (full, services.Count) : null;
    }

    /// <summary>
    /// One page of service_at_locations, each a listing with its venue link (null for an online listing's virtual
    /// one), and how many there are: venue links first (nearest first, then by id, with a postcode and proximity; else
    /// by id), then the online listings by id (none with a proximity), as the SQL path pages them.
    /// </summary>
    public (List<(Asset Asset, Guid? Link)> Page, int Total)? ServiceAtLocations(OrukFilters f, PageRequest page)
    {
        if (f.Postcode is { } origin && f.Proximity is { } metres)
        {
            // Spheroid distances only where the sphere's bounds leave it in doubt: at the proximity's edge, and for the
            // links that can still reach the page; the rest are counted.
            var venues = search.VenuesWithin(Anywhere, origin, metres, exact: false).ToList();
            if (Matching(f, venues.SelectMany(v => model.AssetsAt(v.Venue.Id)).DistinctBy(a => a.Id)) is not { } matched) return null;
            var byId = matched.ToDictionary(a => a.Id);
            var nearby = venues
                .SelectMany(v => (model.AssetsAtVenue.GetValueOrDefault(v.Venue.Id) ?? []).Select(id => byId.GetValueOrDefault(id)).OfType<Asset>()
                    .SelectMany(a => a.Locations.Where(l => l.LocationId == v.Venue.Id).Select(l => (Asset: a, Link: l.Id, v.Venue, v.Metres))))
                .ToList();
            var cut = MemorySearch.Cut([.. nearby.Select(x => x.Metres.Most)], page.Skip + page.Size);
            var leading = nearby.Where(x => x.Metres.Least <= cut)
                .Select(x => (x.Asset, x.Link, Distance: x.Metres.Exact ?? Geodesic.Metres(origin.Y, origin.X, x.Venue.Latitude, x.Venue.Longitude)));
            return Page([.. leading.OrderBy(x => x.Distance).ThenBy(x => x.Link).Skip(page.Skip).Take(page.Size).Select(x => (x.Asset, x.Link))],
                nearby.Count, [], 0);
        }

        if (Matching(f, All()) is not { } services) return null;
        var all = services.SelectMany(a => a.Locations.Where(l => model.Locations.ContainsKey(l.LocationId)).Select(l => (Asset: a, Link: l.Id))).ToList();
        List<(Asset Asset, Guid Link)> links = [.. all.OrderBy(x => x.Link).Skip(page.Skip).Take(page.Size)];
        var offered = services.Where(a => a.DeliveryModes.Contains(DeliveryModes.Online)).ToList();
        var onlineSkip = Math.Max(0, page.Skip - all.Count);
        var onlineTake = page.Size - links.Count;
        List<Asset> online = onlineTake > 0 ? [.. offered.OrderBy(a => a.Id).Skip(onlineSkip).Take(onlineTake)] : [];
        return Page(links, all.Count, online, offered.Count);
    }

    private (List<(Asset Asset, Guid? Link)> Page, int Total)? Page(List<(Asset Asset, Guid Link)> links, int linkCount, List<Asset> online, int onlineCount)
    {
        var contents = new List<(Asset Asset, Guid? Link)>();
        foreach (var (asset, link) in links)
        {
            // The venue went from the model while the page was made: the listing would show without this link.
            if (reads.Full(asset.Id) is not { } full || full.Locations.All(l => l.Id != link)) return null;
            contents.Add((full, link));
        }
        foreach (var asset in online)
        {
            if (reads.Full(asset.Id) is not { } full) return null;
            contents.Add((full, null));
        }
        return (contents, linkCount + onlineCount);
    }

    // Enumerating the dictionary itself takes no lock (its Values property locks every bucket to copy them).
    private IEnumerable<Asset> All() => model.Assets.Select(pair => pair.Value);

    /// <summary>The listings of <paramref name="pool"/> that every filter admits, or null when some word or listing text cannot be judged here.</summary>
    private List<Asset>? Matching(OrukFilters f, IEnumerable<Asset> pool)
    {
        var text = f.SearchTerms.Count == 0 ? null : TextQuery.For(f.SearchTerms, model.Text);
        if (f.SearchTerms.Count > 0 && text is null) return null;
        var matched = pool.AsQueryable().MatchingOruk(f).ToList();
        // As the SQL: a listing that states where it serves must serve the postcode's point.
        if (f.Postcode is { } point)
            matched.RemoveAll(a => a.ServiceAreas.Count > 0 && !a.ServiceAreas.Any(s => model.Areas.GetValueOrDefault(s.AreaCode)?.Covers(point) == true));
        if (text is null) return matched;
        var unjudged = false;
        matched.RemoveAll(a =>
        {
            if (model.Text.Of(a) is { } listing) return !text.Matches(listing);
            unjudged = true;
            return true;
        });
        return unjudged ? null : matched;
    }
}

/// <summary>
/// PostgreSQL's <c>COLLATE "C"</c> order of text: its UTF-8 bytes, which is Unicode code point order. .NET's ordinal
/// order compares UTF-16 code units, which agrees except that a character above U+FFFF (a surrogate pair, D800-DFFF)
/// sorts before U+E000-U+FFFF; moving surrogates above that range (as ICU's code point order does) mends it.
/// </summary>
public sealed class CodePointOrder : IComparer<string>
{
    public static readonly CodePointOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var common = x.AsSpan().CommonPrefixLength(y);
        if (common == x.Length || common == y.Length) return x.Length - y.Length;
        return Unit(x[common]) - Unit(y[common]);
    }

    private static int Unit(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
}
