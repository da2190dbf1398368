using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Search;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace ConnectingPeople.Directory.Api.Features.OpenReferral;

/// <summary>Validated ORUK filters; all of them apply together (AND).</summary>
public sealed record OrukFilters(
    IReadOnlyList<string> SearchTerms, IReadOnlyList<Guid>? TermIds, Guid? TaxonomyId, Guid? OrganizationId, DateTimeOffset? ModifiedAfter,
    int? MinimumAge, int? MaximumAge, Weekday? Day, TimeOnly? StartTime, TimeOnly? EndTime, Point? Postcode, double? Proximity);

/// <summary>
/// The ORUK filters other than free text and the postcode, as expressions: PostgreSQL runs them through EF Core
/// (<see cref="OrukQuery.Services"/>) and the read model runs the very same expressions by LINQ to Objects
/// (<c>MemoryOruk</c>), so the two paths cannot drift apart.
/// </summary>
public static class OrukFilterExpressions
{
    public static IQueryable<Asset> MatchingOruk(this IQueryable<Asset> assets, OrukFilters f)
    {
        if (f.TermIds is { } termIds) assets = assets.Where(a => a.Terms.Any(t => termIds.Contains(t.TermId)) || (a.KindId != null && termIds.Contains(a.KindId.Value)));
        if (f.TaxonomyId is { } taxonomy) assets = assets.Where(a => a.Terms.Any(t => t.Term.VocabularyId == taxonomy) || (a.Kind != null && a.Kind.VocabularyId == taxonomy));
        if (f.OrganizationId is { } organization) assets = assets.Where(a => a.OrganisationId == organization);
        if (f.ModifiedAfter is { } after)
        {
            var since = after.ToUniversalTime();
            assets = assets.Where(a => a.UpdatedAt >= since);
        }
        if (f.MinimumAge is { } min) assets = assets.Where(a => a.MinAge >= min);
        if (f.MaximumAge is { } max) assets = assets.Where(a => a.MaxAge <= max);
        if (f.Day is not null || f.StartTime is not null || f.EndTime is not null)
        {
            var anyDay = f.Day is null;
            var day = f.Day ?? Weekday.Mon;
            var start = f.StartTime ?? TimeOnly.MinValue;
            var end = f.EndTime ?? TimeOnly.MaxValue;
            assets = assets.Where(a => a.Schedules.Any(s => (anyDay || s.Day == day) && s.StartTime >= start && s.EndTime <= end));
        }
        return assets;
    }
}

public sealed class OrukQuery(DirectoryDbContext db)
{
    public IQueryable<Asset> Services(OrukFilters f)
    {
        var assets = db.Assets.AsNoTracking().MatchingText(f.SearchTerms).MatchingOruk(f);
        // With a postcode, a service that states where it serves must serve there (HSDS's postcode parameter).
        if (f.Postcode is { } point) assets = assets.Where(a => !a.ServiceAreas.Any() || a.ServiceAreas.Any(s => s.Area.Boundary!.Covers(point)));
        return assets;
    }

    public IQueryable<AssetLocation> ServiceAtLocations(IQueryable<Asset> services, OrukFilters f)
    {
        var links = db.AssetLocations.AsNoTracking().Where(l => services.Any(a => a.Id == l.AssetId) && l.Location.DeletedAt == null);
        if (f.Postcode is { } point && f.Proximity is { } metres) links = links.Where(l => l.Location.Point.IsWithinDistance(point, metres));
        return links;
    }

    public async Task<List<Asset>> LoadAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) => await db.Assets.AsNoTracking()
        .Where(a => ids.Contains(a.Id))
        .Include(a => a.Organisation).Include(a => a.Kind).ThenInclude(k => k!.Vocabulary)
        .Include(a => a.Terms).ThenInclude(t => t.Term).ThenInclude(t => t.Vocabulary)
        .Include(a => a.Costs).Include(a => a.Contacts).Include(a => a.Schedules)
        .Include(a => a.Locations).ThenInclude(l => l.Location)
        .Include(a => a.ServiceAreas).ThenInclude(s => s.Area)
        .AsSplitQuery().ToListAsync(ct);

    /// <summary>Names of the local authorities the listings' venues are in (an address's state_province).</summary>
    public async Task<Dictionary<string, string>> AreaNamesAsync(IEnumerable<Asset> assets, CancellationToken ct)
    {
        var codes = assets.SelectMany(a => a.Locations).Select(l => l.Location.LocalAuthorityCode).OfType<string>().Distinct().ToList();
        return await db.Areas.AsNoTracking().Where(a => codes.Contains(a.Code)).Select(a => new { a.Code, a.Name }).ToDictionaryAsync(a => a.Code, a => a.Name, ct);
    }

    public async Task<List<OrukService>> FullServicesAsync(IReadOnlyList<Guid> orderedIds, CancellationToken ct)
    {
        var assets = await LoadAsync(orderedIds, ct);
        var names = await AreaNamesAsync(assets, ct);
        var byId = assets.ToDictionary(a => a.Id);
        return [.. orderedIds.Where(byId.ContainsKey).Select(id => OrukMapper.ToService(byId[id], names))];
    }
}
