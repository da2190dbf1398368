using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Assets;
using ConnectingPeople.Directory.Api.Features.Schedules;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>
/// What a listing's card shows in any list (search results in every format, shortlists and their printed page, the
/// link worker's listing page, and the order of an ORUK service's schedules and costs), decided once: which venue it is shown at, the sessions held there, the timetable and
/// costs in words, and whether it is open. Each list then shapes its own record from this.
/// </summary>
public sealed record ListingCard(Asset Asset, Location? Venue, IReadOnlyList<Schedule> Schedules, IReadOnlyList<AssetCost> Costs)
{
    /// <param name="venueId">The venue to show (the search hit's, or the one a shortlist chose); else the first by name.</param>
    public static ListingCard Of(Asset a, IEnumerable<Location> venues, Guid? venueId)
    {
        List<Location> all = [.. venues];
        var venue = (venueId is { } id ? all.FirstOrDefault(l => l.Id == id) : null) ?? all.OrderBy(l => l.Name).ThenBy(l => l.Id).FirstOrDefault();
        return new ListingCard(a, venue, [.. InOrder(SearchSessions.At(a.Schedules, venue?.Id))], [.. InOrder(a.Costs)]);
    }

    // Both read paths, and every feed, hold children in whatever order they were read; nothing shown may depend on it.
    public static IEnumerable<Schedule> InOrder(IEnumerable<Schedule> schedules) =>
        schedules.OrderBy(s => s.Day).ThenBy(s => s.StartTime).ThenBy(s => s.EndTime).ThenBy(s => s.Id);

    public static IEnumerable<AssetCost> InOrder(IEnumerable<AssetCost> costs) => costs.OrderBy(c => c.Kind).ThenBy(c => c.Amount).ThenBy(c => c.Id);

    /// <summary>A closed group (for now or for good) has no next session to offer, whatever its timetable says.</summary>
    public bool IsOpen => Asset.Status == AssetStatus.Active;

    /// <summary>The timetable in words, or null when it lists no regular sessions (each list words that itself).</summary>
    public string? ScheduleSummary => Schedules.Count == 0 ? null : string.Join("; ", Schedules.Select(ScheduleRules.Summarise));

    public string CostSummary => AssetMapper.CostSummary(Costs);

    public bool IsFree => AssetMapper.IsFree(Costs);

    /// <summary>The listing's terms from one vocabulary (accessibility, audiences), by name.</summary>
    public List<TermRef> Terms(string vocabulary) =>
        [.. Asset.Terms.Where(t => t.Term.Vocabulary.Code == vocabulary).Select(t => new TermRef(t.Term.Code, t.Term.Name)).OrderBy(t => t.Name)];
}

/// <summary>
/// One search result from a listing with its organisation, kind, terms, costs and schedules, and its venues: the same
/// builder whether the listing came from the database or the read model.
/// </summary>
public static class ListingCards
{
    public static SearchResult ToResult(SearchRequest r, SearchHit hit, Asset a, IEnumerable<Location> venues, DateTimeOffset now)
    {
        var card = ListingCard.Of(a, venues, hit.LocationId);
        var venue = card.Venue;
        var next = card.IsOpen ? SearchSessions.Next(r, card.Schedules, null, now) : null;
        var termIds = a.Terms.Select(t => t.TermId).ToHashSet();

        return new SearchResult(
            a.Id, a.Name, a.Summary, new OrganisationRef(a.Organisation.Id, a.Organisation.Name),
            a.Kind is null ? null : new TermRef(a.Kind.Code, a.Kind.Name), a.Status, hit.Match,
            hit.DistanceMetres is { } d ? Math.Round(d, 1) : null,
            venue is null ? null : new VenueView(venue.Id, venue.Name, venue.Address1, venue.Address2, venue.Town, venue.Postcode, venue.Latitude, venue.Longitude),
            next is null ? null : new NextSessionView(next.Start, next.End),
            card.ScheduleSummary ?? "No regular sessions listed",
            card.CostSummary, card.IsFree, card.Terms("accessibility"), card.Terms("audiences"),
            [.. r.Interests.Where(i => i.TermIds.Any(termIds.Contains)).Select(i => i.Code)],
            a.LastVerifiedAt, AssetMapper.Link(a.Id), a.AcceptingNewMembers);
    }

    /// <summary>The search response around one page of cards.</summary>
    /// <summary>A search by distance that came back empty or short says how far the nearest match beyond it is.</summary>
    public static bool WantsNearestBeyond(SearchRequest r, int total) => r.Origin is not null && total < (r.Nearest ?? r.Page.Size);

    public static SearchResponse Response(SearchRequest r, List<SearchResult> contents, int total, double? nearestBeyond)
    {
        var envelope = Shared.Page<SearchResult>.Of(contents, total, r.Page);
        var origin = r.Origin is { } o ? new OriginView(o.Point.Y, o.Point.X, o.Source, o.Postcode) : null;
        return new SearchResponse(envelope.TotalItems, envelope.TotalPages, envelope.PageNumber, envelope.Size, envelope.FirstPage,
            envelope.LastPage, envelope.Empty, contents, origin, nearestBeyond is { } b ? Math.Round(b, 1) : null);
    }
}
