using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Assets;
using ConnectingPeople.Directory.Api.Features.Schedules;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>Runs a validated search: finds the matching listings, orders and pages them, then builds the page's results.</summary>
public sealed class SearchQuery(DirectoryDbContext db, TimeProvider clock)
{
    public async Task<(SearchResponse? Response, ProblemDetails? Problem)> ExecuteAsync(SearchRequest r, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Today's sessions that have already started are no use to someone asking what is on today.
        if (r.On is { } on && on == ScheduleExpander.LocalDate(now))
            r = r with { StartsAfter = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, ScheduleExpander.London).DateTime) };
        var candidates = db.Assets.AsNoTracking().Matching(r, now);
        var hits = await HitsAsync(r, candidates, ct);

        var total = hits.Count;
        if (r.Page.Number > 1 && r.Page.Skip >= total) return (null, Problems.PageOutOfRange(r.Page, total));

        var ordered = await OrderAsync(r, hits, now, ct);
        var page = ordered.Skip(r.Page.Skip).Take(r.Page.Size).ToList();
        var contents = await ResultsAsync(r, page, now, ct);
        var envelope = Page<SearchResult>.Of(contents, total, r.Page);
        var origin = r.Origin is { } o ? new OriginView(o.Point.Y, o.Point.X, o.Source, o.Postcode) : null;
        var beyond = await NearestBeyondAsync(r, candidates, total, ct);
        return (new SearchResponse(envelope.TotalItems, envelope.TotalPages, envelope.PageNumber, envelope.Size, envelope.FirstPage,
            envelope.LastPage, envelope.Empty, contents, origin, beyond is { } b ? Math.Round(b, 1) : null), null);
    }

    /// <summary>
    /// For a search by distance that came back empty or short (fewer than a page by radius, fewer than asked for by
    /// nearest), how far the nearest matching listing beyond the limit is.
    /// </summary>
    private async Task<double?> NearestBeyondAsync(SearchRequest r, IQueryable<Asset> candidates, int total, CancellationToken ct)
    {
        if (r.Origin is not { } origin || total >= (r.Nearest ?? r.Page.Size)) return null;
        var limit = r.Nearest is null ? r.RadiusMetres : r.NearestMaxMetres;
        var fittingSessions = AssetFilters.SessionFits(r) is { } fits ? db.Schedules.Where(fits) : null;
        return await SpatialSearch.NearestBeyondAsync(db, candidates, origin.Point, limit, r.AreaCode, fittingSessions, ct);
    }

    private async Task<List<SearchHit>> HitsAsync(SearchRequest r, IQueryable<Asset> candidates, CancellationToken ct)
    {
        if (r.Origin is not { } origin)
        {
            var inArea = r.AreaCode is { } code
                ? candidates.Where(a => a.Locations.Any(l => db.Areas.Any(x => x.Code == code && x.Boundary!.Covers(l.Location.Point))))
                : candidates;
            return [.. (await inArea.Select(a => a.Id).ToListAsync(ct)).Select(id => new SearchHit(id, null, null, MatchKind.Relevance))];
        }

        var fittingSessions = AssetFilters.SessionFits(r) is { } fits ? db.Schedules.Where(fits) : null;
        var venueHits = r.Nearest is { } n
            ? await SpatialSearch.NearestAsync(db, candidates, origin.Point, n, r.NearestMaxMetres, r.AreaCode, fittingSessions, ct)
            : await SpatialSearch.WithinRadiusAsync(db, candidates, origin.Point, r.RadiusMetres, r.AreaCode, fittingSessions, ct);
        var coverage = await SpatialSearch.CoveringAsync(db, candidates, origin.Point, r.AreaCode, venueHits.Select(h => h.AssetId).ToHashSet(), ct);
        return [.. venueHits, .. coverage];
    }

    private async Task<List<SearchHit>> OrderAsync(SearchRequest r, List<SearchHit> hits, DateTimeOffset now, CancellationToken ct)
    {
        if (hits.Count == 0) return hits;
        var ids = hits.Select(h => h.AssetId).ToList();
        var byDistance = hits.OrderBy(h => h.DistanceMetres ?? double.MaxValue);
        // Names break ties. Sorting by distance, only listings at the same distance tie (a shared venue, or service
        // areas with no distance), so only their names are fetched: at national scale a 5 km search in a city finds
        // thousands of listings, and their names are not needed to pick the first page.
        var needNames = r.Sort is SearchSort.Name or SearchSort.Relevance
            ? ids
            : r.Sort == SearchSort.NextSession ? [] : [.. hits.GroupBy(h => h.DistanceMetres).Where(g => g.Count() > 1).SelectMany(g => g.Select(h => h.AssetId))];
        var found = needNames.Count == 0 ? []
            : await db.Assets.AsNoTracking().Where(a => needNames.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        string Name(Guid id) => found.GetValueOrDefault(id, "");

        switch (r.Sort)
        {
            case SearchSort.Name:
                return [.. hits.OrderBy(h => Name(h.AssetId), StringComparer.OrdinalIgnoreCase).ThenBy(h => h.AssetId)];
            case SearchSort.NextSession:
                var schedules = (await db.Schedules.AsNoTracking().Where(s => ids.Contains(s.AssetId)).ToListAsync(ct)).ToLookup(s => s.AssetId);
                var next = hits.ToDictionary(h => h.AssetId, h => NextSession(r, schedules[h.AssetId], h.LocationId, now)?.Start);
                return [.. byDistance.OrderBy(h => next[h.AssetId] ?? DateTimeOffset.MaxValue).ThenBy(h => h.AssetId)];
            case SearchSort.Relevance:
                var keys = await RelevanceAsync(r, hits, ct);
                return [.. hits.OrderByDescending(h => keys[h.AssetId].OwnMatches).ThenByDescending(h => keys[h.AssetId].Score)
                    .ThenBy(h => h.DistanceMetres ?? 0).ThenBy(h => Name(h.AssetId), StringComparer.OrdinalIgnoreCase).ThenBy(h => h.AssetId)];
            default:
                return [.. byDistance.ThenBy(h => Name(h.AssetId), StringComparer.OrdinalIgnoreCase).ThenBy(h => h.AssetId)];
        }
    }

    /// <summary>Each hit's order key by <see cref="SearchRelevance"/>: which fields its words matched, its interests, its distance.</summary>
    private async Task<Dictionary<Guid, RelevanceKey>> RelevanceAsync(SearchRequest r, List<SearchHit> hits, CancellationToken ct)
    {
        var ids = hits.Select(h => h.AssetId).ToList();
        var words = await TextMatches.ForAsync(db, ids, r.TextTerms, ct);
        var interests = ids.ToDictionary(id => id, _ => 0);
        foreach (var interest in r.Interests)
        {
            var termIds = interest.TermIds.ToList();
            var having = await db.Set<AssetTerm>().Where(t => ids.Contains(t.AssetId) && termIds.Contains(t.TermId))
                .Select(t => t.AssetId).Distinct().ToListAsync(ct);
            foreach (var id in having) interests[id]++;
        }
        return hits.ToDictionary(h => h.AssetId,
            h => SearchRelevance.Key(words.GetValueOrDefault(h.AssetId) ?? [], interests[h.AssetId], h.DistanceMetres));
    }

    private async Task<List<SearchResult>> ResultsAsync(SearchRequest r, List<SearchHit> page, DateTimeOffset now, CancellationToken ct)
    {
        if (page.Count == 0) return [];
        var ids = page.Select(h => h.AssetId).ToList();
        var assets = await db.Assets.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Include(a => a.Organisation).Include(a => a.Kind)
            .Include(a => a.Terms).ThenInclude(t => t.Term).ThenInclude(t => t.Vocabulary)
            .Include(a => a.Costs).Include(a => a.Schedules)
            .AsSplitQuery().ToDictionaryAsync(a => a.Id, ct);
        var venues = (await db.AssetLocations.AsNoTracking().Where(l => ids.Contains(l.AssetId))
            .Select(l => new { l.AssetId, l.Location }).ToListAsync(ct)).ToLookup(l => l.AssetId, l => l.Location);

        return [.. page.Select(hit =>
        {
            var a = assets[hit.AssetId];
            var venue = hit.LocationId is { } id ? venues[a.Id].First(l => l.Id == id) : venues[a.Id].OrderBy(l => l.Name).FirstOrDefault();
            var schedules = SchedulesAt(a.Schedules, venue?.Id);
            // A closed group (for now or for good) has no next session to offer, whatever its timetable says.
            var next = a.Status == AssetStatus.Active ? NextSession(r, schedules, null, now) : null;
            List<TermRef> Terms(string vocabulary) =>
                [.. a.Terms.Where(t => t.Term.Vocabulary.Code == vocabulary).Select(t => new TermRef(t.Term.Code, t.Term.Name)).OrderBy(t => t.Name)];
            var termIds = a.Terms.Select(t => t.TermId).ToHashSet();

            return new SearchResult(
                a.Id, a.Name, a.Summary, new OrganisationRef(a.Organisation.Id, a.Organisation.Name),
                a.Kind is null ? null : new TermRef(a.Kind.Code, a.Kind.Name), a.Status, hit.Match,
                hit.DistanceMetres is { } d ? Math.Round(d, 1) : null,
                venue is null ? null : new VenueView(venue.Id, venue.Name, venue.Address1, venue.Address2, venue.Town, venue.Postcode, venue.Latitude, venue.Longitude),
                next is null ? null : new NextSessionView(next.Start, next.End),
                schedules.Count == 0 ? "No regular sessions listed" : string.Join("; ", schedules.OrderBy(s => s.Day).ThenBy(s => s.StartTime).Select(ScheduleRules.Summarise)),
                AssetMapper.CostSummary(a.Costs), AssetMapper.IsFree(a.Costs), Terms("accessibility"), Terms("audiences"),
                [.. r.Interests.Where(i => i.TermIds.Any(termIds.Contains)).Select(i => i.Code)],
                a.LastVerifiedAt, AssetMapper.Link(a.Id), a.AcceptingNewMembers);
        })];
    }

    /// <summary>The sessions held at a venue (or anywhere, when a schedule names no venue).</summary>
    private static List<Schedule> SchedulesAt(IEnumerable<Schedule> schedules, Guid? venueId)
    {
        var all = schedules.ToList();
        var here = all.Where(s => s.LocationId is null || s.LocationId == venueId).ToList();
        return here.Count > 0 ? here : all;
    }

    /// <summary>The next session that fits the time asked for; with a date asked for, a session on that date or none.</summary>
    private static Session? NextSession(SearchRequest r, IEnumerable<Schedule> schedules, Guid? venueId, DateTimeOffset now)
    {
        var fitting = SchedulesAt(schedules, venueId).Where(s => SessionFilter.Fits(s, r)).ToList();
        var from = r.On is { } on ? ScheduleExpander.AtLocal(on, TimeOnly.MinValue).AddTicks(-1) : now;
        var next = ScheduleExpander.NextSession(fitting, from > now ? from : now);
        return r.On is { } day && next is not null && ScheduleExpander.LocalDate(next.Start) != day ? null : next;
    }
}
