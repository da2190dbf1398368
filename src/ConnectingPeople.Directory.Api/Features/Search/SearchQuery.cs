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
        r = SearchSessions.Today(r, now);
        var candidates = db.Assets.AsNoTracking().Matching(r, now);
        var hits = await HitsAsync(r, candidates, ct);

        var total = hits.Count;
        if (r.Page.Number > 1 && r.Page.Skip >= total) return (null, Problems.PageOutOfRange(r.Page, total));

        var ordered = await OrderAsync(r, hits, now, ct);
        var page = ordered.Skip(r.Page.Skip).Take(r.Page.Size).ToList();
        var contents = await ResultsAsync(r, page, now, ct);
        var beyond = await NearestBeyondAsync(r, candidates, total, ct);
        return (ListingCards.Response(r, contents, total, beyond), null);
    }

    /// <summary>
    /// For a search by distance that came back empty or short (fewer than a page by radius, fewer than asked for by
    /// nearest), how far the nearest matching listing beyond the limit is. The read model finds the same in memory.
    /// </summary>
    private async Task<double?> NearestBeyondAsync(SearchRequest r, IQueryable<Asset> candidates, int total, CancellationToken ct)
    {
        if (!ListingCards.WantsNearestBeyond(r, total)) return null;
        var limit = r.Nearest is null ? r.RadiusMetres : r.NearestMaxMetres;
        var fittingSessions = AssetFilters.SessionFits(r) is { } fits ? db.Schedules.Where(fits) : null;
        return await SpatialSearch.NearestBeyondAsync(db, candidates, r.Origin!.Point, limit, r.AreaCode, fittingSessions, ct);
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
        var needNames = SearchOrdering.NamesNeeded(r, hits);
        var names = needNames.Count == 0 ? []
            : await db.Assets.AsNoTracking().Where(a => needNames.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        // A closed group offers no next session (as its card says), so by next session it comes after every open one.
        var closed = r.Sort == SearchSort.NextSession && r.IncludeInactive
            ? await db.Assets.AsNoTracking().Where(a => ids.Contains(a.Id) && a.Status != AssetStatus.Active).Select(a => a.Id).ToListAsync(ct)
            : [];
        var schedules = r.Sort == SearchSort.NextSession
            ? (await db.Schedules.AsNoTracking().Where(s => ids.Contains(s.AssetId) && !closed.Contains(s.AssetId)).ToListAsync(ct)).ToLookup(s => s.AssetId)
            : null;
        var keys = r.Sort == SearchSort.Relevance ? await RelevanceAsync(r, hits, ct) : [];
        var facts = new OrderingFacts(id => names.GetValueOrDefault(id, ""), id => schedules![id], id => keys[id]);
        return SearchOrdering.Order(r, hits, facts, now);
    }

    /// <summary>Each hit's order key by <see cref="SearchRelevance"/>: which fields its words matched, its interests, its distance.</summary>
    private async Task<Dictionary<Guid, RelevanceKey>> RelevanceAsync(SearchRequest r, List<SearchHit> hits, CancellationToken ct)
    {
        var ids = hits.Select(h => h.AssetId).ToList();
        var words = await TextMatches.ForAsync(db, ids, r.TextTerms, ct);
        var termIds = r.Interests.SelectMany(i => i.TermIds).Distinct().ToList();
        var terms = termIds.Count == 0 ? null
            : (await db.Set<AssetTerm>().Where(t => ids.Contains(t.AssetId) && termIds.Contains(t.TermId))
                .Select(t => new { t.AssetId, t.TermId }).ToListAsync(ct)).ToLookup(t => t.AssetId, t => t.TermId);
        return hits.ToDictionary(h => h.AssetId, h => SearchRelevance.Key(words.GetValueOrDefault(h.AssetId) ?? [],
            terms is null ? 0 : SearchOrdering.InterestsMatched(r, terms[h.AssetId]), h.DistanceMetres));
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
        return [.. page.Select(hit => ListingCards.ToResult(r, hit, assets[hit.AssetId], venues[hit.AssetId], now))];
    }
}
