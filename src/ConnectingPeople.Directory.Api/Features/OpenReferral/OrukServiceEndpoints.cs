using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Postcodes;
using ConnectingPeople.Directory.Api.Features.ReadModel;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.OpenReferral;

public static partial class OpenReferralEndpoints
{
    private static void MapServices(RouteGroupBuilder group)
    {
        group.MapGet("/services", ListServices).WithName("OrukListServices")
            .WithSummary("ORUK: services, fully nested, by name; filters combine with AND")
            .Produces<OrukPage<OrukService>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/services/{id}", GetService).WithName("OrukGetService")
            .WithSummary("ORUK: one fully nested service").Produces<OrukService>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListServices([AsParameters] OrukParameters parameters, DirectoryDbContext db, PostcodeLookup postcodes,
        OrukQuery query, ReadPath path, MemoryReads reads, MemoryOruk memory, HttpContext http, CancellationToken ct)
    {
        var (filters, page, error) = await ParseAsync(parameters, db, postcodes, ct);
        if (error is not null) return error;
        var held = path.ServesReads(http.Request) ? memory.Services(filters!, page) : null;
        ReadPath.Mark(http.Response, held is not null);
        if (held is var (assets, heldTotal))
        {
            var names = reads.AreaNames(assets);
            return Ok(ToPage([.. assets.Select(a => OrukMapper.ToService(a, names))], heldTotal, page));
        }
        var services = query.Services(filters!);
        var total = await services.CountAsync(ct);
        var ids = await PageOfIdsAsync(services, page, ct);
        return Ok(ToPage(await query.FullServicesAsync(ids, ct), total, page));
    }

    private static async Task<IResult> GetService(Guid id, OrukQuery query, ReadPath path, MemoryReads memory, HttpContext http, CancellationToken ct)
    {
        var held = path.ServesReads(http.Request) ? memory.Full(id) : null;
        ReadPath.Mark(http.Response, held is not null);
        var service = held is not null ? OrukMapper.ToService(held, memory.AreaNames([held])) : (await query.FullServicesAsync([id], ct)).SingleOrDefault();
        return service is null ? Problems.NotFound("Service", id) : Ok(service);
    }

    private static void MapServiceAtLocations(RouteGroupBuilder group)
    {
        group.MapGet("/service_at_locations", ListServiceAtLocations).WithName("OrukListServiceAtLocations")
            .WithSummary("ORUK: services at locations (virtual locations for online services); postcode and proximity in metres")
            .Produces<OrukPage<OrukServiceAtLocation>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/service_at_locations/{id}", GetServiceAtLocation).WithName("OrukGetServiceAtLocation")
            .WithSummary("ORUK: one service at a location, with its location and service")
            .Produces<OrukServiceAtLocation>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Venues first (nearest first with postcode and proximity, else in id order), then the virtual locations of online services (none when a proximity is asked for).</summary>
    private static async Task<IResult> ListServiceAtLocations([AsParameters] OrukParameters parameters, DirectoryDbContext db,
        PostcodeLookup postcodes, OrukQuery query, ReadPath path, MemoryReads reads, MemoryOruk memory, HttpContext http, CancellationToken ct)
    {
        var (filters, page, error) = await ParseAsync(parameters, db, postcodes, ct);
        if (error is not null) return error;
        var held = path.ServesReads(http.Request) ? memory.ServiceAtLocations(filters!, page) : null;
        ReadPath.Mark(http.Response, held is not null);
        var (entries, total) = held ?? await ServiceAtLocationsFromDatabaseAsync(query, filters!, page, ct);
        var assets = entries.Select(e => e.Asset).DistinctBy(a => a.Id).ToList();
        var names = held is not null ? reads.AreaNames(assets) : await query.AreaNamesAsync(assets, ct);
        var contents = entries.Select(e => e.Link is { } link
                ? ServiceAtLocation(e.Asset, link, names)
                : OrukMapper.VirtualServiceAtLocation(e.Asset) with { Service = OrukMapper.ToServiceSummary(e.Asset) })
            .ToList();
        return Ok(ToPage(contents, total, page));
    }

    private static async Task<(List<(Data.Entities.Asset Asset, Guid? Link)> Page, int Total)> ServiceAtLocationsFromDatabaseAsync(
        OrukQuery query, OrukFilters filters, PageRequest page, CancellationToken ct)
    {
        var services = query.Services(filters);
        var links = query.ServiceAtLocations(services, filters);
        var online = filters.Proximity is null ? services.Where(a => a.DeliveryModes.Contains(Data.Entities.DeliveryModes.Online)) : services.Where(_ => false);
        var venueCount = await links.CountAsync(ct);
        var total = venueCount + await online.CountAsync(ct);

        // With a postcode and proximity, nearest venue first (a person asked what is near them); otherwise a stable id order.
        var ordered = filters.Postcode is { } origin && filters.Proximity is not null
            ? links.OrderBy(l => l.Location.Point.Distance(origin)).ThenBy(l => l.Id)
            : links.OrderBy(l => l.Id);
        var pageLinks = await ordered.Skip(page.Skip).Take(page.Size).Select(l => new { l.Id, l.AssetId }).ToListAsync(ct);
        var onlineSkip = Math.Max(0, page.Skip - venueCount);
        var onlineTake = page.Size - pageLinks.Count;
        var pageOnline = onlineTake > 0 ? await online.OrderBy(a => a.Id).Skip(onlineSkip).Take(onlineTake).Select(a => a.Id).ToListAsync(ct) : [];

        var assets = (await query.LoadAsync([.. pageLinks.Select(l => l.AssetId).Concat(pageOnline).Distinct()], ct)).ToDictionary(a => a.Id);
        return ([.. pageLinks.Select(l => (assets[l.AssetId], (Guid?)l.Id)).Concat(pageOnline.Select(id => (assets[id], (Guid?)null)))], total);
    }

    private static async Task<IResult> GetServiceAtLocation(Guid id, DirectoryDbContext db, OrukQuery query, ReadPath path, MemoryReads memory,
        HttpContext http, CancellationToken ct)
    {
        var held = path.ServesReads(http.Request) ? memory.ServiceAtLocation(id) : null;
        ReadPath.Mark(http.Response, held is not null);
        var (asset, isLink) = held ?? await ServiceAtLocationFromDatabaseAsync(id, db, query, ct);
        if (asset is null || (!isLink && !asset.DeliveryModes.Contains(Data.Entities.DeliveryModes.Online)))
            return Problems.NotFound("Service at location", id);
        var names = held is not null ? memory.AreaNames([asset]) : await query.AreaNamesAsync([asset], ct);
        return Ok(!isLink
            ? OrukMapper.VirtualServiceAtLocation(asset) with { Service = OrukMapper.ToService(asset, names) }
            : ServiceAtLocation(asset, id, names) with { Service = OrukMapper.ToService(asset, names) });
    }

    private static async Task<(Data.Entities.Asset? Asset, bool IsLink)> ServiceAtLocationFromDatabaseAsync(Guid id, DirectoryDbContext db, OrukQuery query, CancellationToken ct)
    {
        var link = await db.AssetLocations.AsNoTracking().Where(l => l.Id == id && l.Location.DeletedAt == null).Select(l => new { l.AssetId }).FirstOrDefaultAsync(ct);
        var serviceId = link?.AssetId ?? OrukIds.ServiceOfVirtualServiceAtLocation(id);
        return ((await query.LoadAsync([serviceId], ct)).SingleOrDefault(), link is not null);
    }

    private static OrukServiceAtLocation ServiceAtLocation(Data.Entities.Asset asset, Guid linkId, IReadOnlyDictionary<string, string> names) =>
        OrukMapper.ServiceAtLocations(asset, names).Single(s => s.Id == linkId) with { Service = OrukMapper.ToServiceSummary(asset) };
}
