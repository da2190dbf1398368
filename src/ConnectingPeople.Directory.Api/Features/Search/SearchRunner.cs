using ConnectingPeople.Directory.Api.Features.ReadModel;
using Microsoft.AspNetCore.Mvc;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>
/// Runs one parsed search where it can be answered: from the read model when the caller may read it and the model can
/// judge it exactly (<see cref="MemorySearch"/> declines a search with words or listings it cannot judge), otherwise from
/// PostgreSQL (<see cref="SearchQuery"/>). The response says which path answered. The search endpoint, its downloads and
/// the link worker's pages all search through here.
/// </summary>
public sealed class SearchRunner(ReadPath path, MemorySearch memory, SearchQuery query, TimeProvider clock)
{
    public async Task<(SearchResponse? Response, ProblemDetails? Problem)> RunAsync(SearchRequest request, HttpContext http, CancellationToken ct)
    {
        var fromModel = path.ServesSearch(request, http.Request) ? memory.Execute(request, clock.GetUtcNow()) : null;
        ReadPath.Mark(http.Response, fromModel is not null);
        return fromModel ?? await query.ExecuteAsync(request, ct);
    }
}
