using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Assets;
using ConnectingPeople.Directory.Api.Features.Schedules;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>
/// One search result (a listing card) from a listing with its organisation, kind, terms, costs and schedules, and its
/// venues: the same builder whether the listing came from the database or the read model.
/// </summary>
public static class ListingCards
{
    public static SearchResult ToResult(SearchRequest r, SearchHit hit, Asset a, IEnumerable<Location> venues, DateTimeOffset now)
    {
        var venue = hit.LocationId is { } id
            ? venues.First(l => l.Id == id)
            : venues.OrderBy(l => l.Name).ThenBy(l => l.Id).FirstOrDefault();
        var schedules = SearchSessions.At(a.Schedules, venue?.Id);
        // A closed group (for now or for good) has no next session to offer, whatever its timetable says.
        var next = a.Status == AssetStatus.Active ? SearchSessions.Next(r, schedules, null, now) : null;
        List<TermRef> Terms(string vocabulary) =>
            [.. a.Terms.Where(t => t.Term.Vocabulary.Code == vocabulary).Select(t => new TermRef(t.Term.Code, t.Term.Name)).OrderBy(t => t.Name)];
        var termIds = a.Terms.Select(t => t.TermId).ToHashSet();
        // Both read paths hold costs in whatever order they were read; the summary must not depend on it.
        List<AssetCost> costs = [.. a.Costs.OrderBy(c => c.Kind).ThenBy(c => c.Amount).ThenBy(c => c.Id)];

        return new SearchResult(
            a.Id, a.Name, a.Summary, new OrganisationRef(a.Organisation.Id, a.Organisation.Name),
            a.Kind is null ? null : new TermRef(a.Kind.Code, a.Kind.Name), a.Status, hit.Match,
            hit.DistanceMetres is { } d ? Math.Round(d, 1) : null,
            venue is null ? null : new VenueView(venue.Id, venue.Name, venue.Address1, venue.Address2, venue.Town, venue.Postcode, venue.Latitude, venue.Longitude),
            next is null ? null : new NextSessionView(next.Start, next.End),
            schedules.Count == 0 ? "No regular sessions listed"
                : string.Join("; ", schedules.OrderBy(s => s.Day).ThenBy(s => s.StartTime).ThenBy(s => s.EndTime).ThenBy(s => s.Id).Select(ScheduleRules.Summarise)),
            AssetMapper.CostSummary(costs), AssetMapper.IsFree(costs), Terms("accessibility"), Terms("audiences"),
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
