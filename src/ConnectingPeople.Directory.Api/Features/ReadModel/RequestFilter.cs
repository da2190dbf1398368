using System.Collections;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Search;

namespace ConnectingPeople.Directory.Api.Features.ReadModel;

/// <summary>
/// A search's non-spatial filters, built once per request from <see cref="AssetFilters.Matching"/>'s own expressions
/// and run by LINQ to Objects. The query is made over a source whose contents change between calls: LINQ's
/// EnumerableQuery compiles the expression on first use and keeps the compiled pipeline, so filtering the venue hits,
/// then the service-area listings (and each widening of a nearest-N search) costs one compilation, not one each.
/// </summary>
public sealed class RequestFilter
{
    private readonly Source _source = new();
    private readonly IQueryable<Asset> _query;

    public RequestFilter(SearchRequest r, DateTimeOffset now) => _query = _source.AsQueryable().Matching(r, now);

    public List<Asset> Apply(IEnumerable<Asset> assets)
    {
        _source.Items = assets;
        return [.. _query];
    }

    private sealed class Source : IEnumerable<Asset>
    {
        public IEnumerable<Asset> Items { get; set; } = [];
        public IEnumerator<Asset> GetEnumerator() => Items.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
