using ConnectingPeople.Directory.Api.Data.Entities;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>
/// What ordering needs to know about a listing, however it is stored (database rows or the read model). Schedules are
/// the sessions it offers: none for a closed group, whatever its timetable says.
/// </summary>
public sealed record OrderingFacts(
    Func<Guid, string> Name, Func<Guid, IEnumerable<Schedule>> Schedules, Func<Guid, RelevanceKey> Relevance);

/// <summary>
/// The order of search results, in one place for both read paths (PostGIS and memory); the relevance key itself is
/// <see cref="SearchRelevance"/>'s, fed by each path. Every order ends on the listing id, so it is total
/// and both paths page identically.
/// </summary>
public static class SearchOrdering
{
    public static List<SearchHit> Order(SearchRequest r, List<SearchHit> hits, OrderingFacts facts, DateTimeOffset now)
    {
        if (hits.Count == 0) return hits;
        var byDistance = hits.OrderBy(h => h.DistanceMetres ?? double.MaxValue);
        switch (r.Sort)
        {
            case SearchSort.Name:
                return [.. hits.OrderBy(h => facts.Name(h.AssetId), StringComparer.OrdinalIgnoreCase).ThenBy(h => h.AssetId)];
            case SearchSort.NextSession:
                var next = hits.ToDictionary(h => h.AssetId, h => SearchSessions.Next(r, facts.Schedules(h.AssetId), h.LocationId, now)?.Start);
                return [.. byDistance.OrderBy(h => next[h.AssetId] ?? DateTimeOffset.MaxValue).ThenBy(h => h.AssetId)];
            case SearchSort.Relevance:
                return [.. hits.OrderByDescending(h => facts.Relevance(h.AssetId).OwnMatches).ThenByDescending(h => facts.Relevance(h.AssetId).Score)
                    .ThenBy(h => h.DistanceMetres ?? 0).ThenBy(h => facts.Name(h.AssetId), StringComparer.OrdinalIgnoreCase).ThenBy(h => h.AssetId)];
            default:
                return [.. byDistance.ThenBy(h => facts.Name(h.AssetId), StringComparer.OrdinalIgnoreCase).ThenBy(h => h.AssetId)];
        }
    }

    /// <summary>Which listings' names the order needs: all for name and relevance, only distance ties for distance.</summary>
    public static List<Guid> NamesNeeded(SearchRequest r, List<SearchHit> hits) => r.Sort switch
    {
        SearchSort.Name or SearchSort.Relevance => [.. hits.Select(h => h.AssetId)],
        SearchSort.NextSession => [],
        // At national scale a 5 km search in a city finds thousands of listings; only those at the same distance (a
        // shared venue, or service areas with no distance) tie, so only their names are fetched.
        _ => [.. hits.GroupBy(h => h.DistanceMetres).Where(g => g.Count() > 1).SelectMany(g => g.Select(h => h.AssetId))],
    };

    /// <summary>How many of the interests asked for the listing has (each matching its own term or one below it).</summary>
    public static int InterestsMatched(SearchRequest r, IEnumerable<Guid> termIds)
    {
        var having = termIds as IReadOnlySet<Guid> ?? termIds.ToHashSet();
        return r.Interests.Count(i => i.TermIds.Any(having.Contains));
    }
}
