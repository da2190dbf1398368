using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Assets;
using ConnectingPeople.Directory.Api.Features.Organisations;

namespace ConnectingPeople.Directory.Api.Features.ReadModel;

/// <summary>
/// Listing detail, organisation and ORUK single-object reads from <see cref="DirectoryModel"/>. The listing is put together as
/// <c>WithDetails</c> loads it (its organisation, venues and service areas as the model holds them now) and mapped by
/// the same <see cref="AssetMapper.ToDetail"/>, so both paths serialise the same object. Null: not in the model (the
/// caller asks PostgreSQL, which then says 404 or, for a listing the model does not show, answers itself).
/// </summary>
public sealed class MemoryReads(DirectoryModel model)
{
    public (AssetDetail Detail, uint Version)? Listing(Guid id) => Full(id) is { } full ? (AssetMapper.ToDetail(full), full.Version) : null;

    /// <summary>The listing with everything <c>WithDetails</c> and <c>OrukQuery.LoadAsync</c> include, or null when the model does not hold it.</summary>
    public Asset? Full(Guid id)
    {
        if (!model.Assets.TryGetValue(id, out var a) || !model.Organisations.TryGetValue(a.OrganisationId, out var organisation)) return null;
        return new Asset
        {
            Id = a.Id, OrganisationId = a.OrganisationId, Name = a.Name, Summary = a.Summary, Description = a.Description, KindId = a.KindId, Kind = a.Kind,
            Status = a.Status, HowToJoin = a.HowToJoin, NewcomerInfo = a.NewcomerInfo, CompanionsWelcome = a.CompanionsWelcome,
            AcceptingNewMembers = a.AcceptingNewMembers, MinAge = a.MinAge, MaxAge = a.MaxAge, Languages = a.Languages, DeliveryModes = a.DeliveryModes,
            Organisation = organisation, Website = a.Website, Contacts = a.Contacts, Costs = a.Costs, Terms = a.Terms, Schedules = a.Schedules,
            Locations = [.. a.Locations.Select(l => model.Locations.TryGetValue(l.LocationId, out var venue)
                ? new AssetLocation { Id = l.Id, AssetId = a.Id, LocationId = l.LocationId, Location = venue } : null).OfType<AssetLocation>()],
            ServiceAreas = [.. a.ServiceAreas.Select(s => new ServiceArea
            {
                Id = s.Id, AssetId = a.Id, Name = s.Name, AreaCode = s.AreaCode, Area = model.Areas.GetValueOrDefault(s.AreaCode) is { } shape
                    ? new Area { Code = shape.Code, Name = shape.Name, ParentCode = shape.ParentCode, Boundary = shape.Boundary?.Geometry as NetTopologySuite.Geometries.MultiPolygon }
                    : new Area { Code = s.AreaCode, Name = "" },
            })],
            LastVerifiedAt = a.LastVerifiedAt, VerificationMethod = a.VerificationMethod, CreatedAt = a.CreatedAt, UpdatedAt = a.UpdatedAt, Version = a.Version,
        };
    }

    /// <summary>Names of the local authorities the listings' venues are in, as <c>OrukQuery.AreaNamesAsync</c> gives them.</summary>
    public Dictionary<string, string> AreaNames(IEnumerable<Asset> assets) =>
        assets.SelectMany(a => a.Locations).Select(l => l.Location.LocalAuthorityCode).OfType<string>().Distinct()
            .Select(code => model.Areas.GetValueOrDefault(code)).OfType<AreaShape>().ToDictionary(a => a.Code, a => a.Name);

    /// <summary>
    /// An ORUK service_at_location: the listing a venue link belongs to (IsLink), or the online listing a virtual id
    /// was made from; null when the model holds neither.
    /// </summary>
    public (Asset Asset, bool IsLink)? ServiceAtLocation(Guid id)
    {
        if (model.AssetOfLink.TryGetValue(id, out var assetId)) return Full(assetId) is { } linked ? (linked, true) : null;
        return Full(OpenReferral.OrukIds.ServiceOfVirtualServiceAtLocation(id)) is { } online ? (online, false) : null;
    }

    public OrganisationDetail? Organisation(Guid id) =>
        model.Organisations.TryGetValue(id, out var o)
            ? new OrganisationDetail
            {
                Id = o.Id, Name = o.Name, Description = o.Description, Website = o.Website, Email = o.Email, Phone = o.Phone,
                AssetCount = model.AssetsOfOrganisation.GetValueOrDefault(id)?.Count ?? 0, UpdatedAt = o.UpdatedAt, Version = o.Version,
            }
            : null;

    /// <summary>One page of organisations by name (code point order, as the SQL's <c>COLLATE "C"</c>) then id, and how many there are.</summary>
    public (List<Organisation> Page, int Total) Organisations(Shared.PageRequest page)
    {
        var all = model.Organisations.Select(pair => pair.Value).ToList();
        return ([.. all.OrderBy(o => o.Name, CodePointOrder.Instance).ThenBy(o => o.Id, Text.UuidOrder.Instance).Skip(page.Skip).Take(page.Size)], all.Count);
    }
}
