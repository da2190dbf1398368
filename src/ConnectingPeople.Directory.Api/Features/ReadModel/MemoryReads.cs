using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Assets;
using ConnectingPeople.Directory.Api.Features.Organisations;

namespace ConnectingPeople.Directory.Api.Features.ReadModel;

/// <summary>
/// Listing detail and organisation reads from <see cref="DirectoryModel"/>. The listing is put together as
/// <c>WithDetails</c> loads it (its organisation, venues and service areas as the model holds them now) and mapped by
/// the same <see cref="AssetMapper.ToDetail"/>, so both paths serialise the same object. Null: not in the model (the
/// caller asks PostgreSQL, which then says 404 or, for a listing the model does not show, answers itself).
/// </summary>
public sealed class MemoryReads(DirectoryModel model)
{
    public (AssetDetail Detail, uint Version)? Listing(Guid id)
    {
        if (!model.Assets.TryGetValue(id, out var a) || !model.Organisations.TryGetValue(a.OrganisationId, out var organisation)) return null;
        var full = new Asset
        {
            Id = a.Id, Name = a.Name, Summary = a.Summary, Description = a.Description, Kind = a.Kind, Status = a.Status, HowToJoin = a.HowToJoin,
            NewcomerInfo = a.NewcomerInfo, CompanionsWelcome = a.CompanionsWelcome, AcceptingNewMembers = a.AcceptingNewMembers,
            MinAge = a.MinAge, MaxAge = a.MaxAge, Languages = a.Languages, DeliveryModes = a.DeliveryModes, Organisation = organisation,
            Website = a.Website, Contacts = a.Contacts, Costs = a.Costs, Terms = a.Terms, Schedules = a.Schedules,
            Locations = [.. a.Locations.Select(l => model.Locations.TryGetValue(l.LocationId, out var venue) ? new AssetLocation { LocationId = l.LocationId, Location = venue } : null).OfType<AssetLocation>()],
            ServiceAreas = [.. a.ServiceAreas.Select(s => new ServiceArea { Name = s.Name, AreaCode = s.AreaCode, Area = new Area { Code = s.AreaCode, Name = model.Areas.GetValueOrDefault(s.AreaCode)?.Name ?? "" } })],
            LastVerifiedAt = a.LastVerifiedAt, VerificationMethod = a.VerificationMethod, CreatedAt = a.CreatedAt, UpdatedAt = a.UpdatedAt,
        };
        return (AssetMapper.ToDetail(full), a.Version);
    }

    public OrganisationDetail? Organisation(Guid id) =>
        model.Organisations.TryGetValue(id, out var o)
            ? new OrganisationDetail
            {
                Id = o.Id, Name = o.Name, Description = o.Description, Website = o.Website, Email = o.Email, Phone = o.Phone,
                AssetCount = model.AssetsOfOrganisation.GetValueOrDefault(id)?.Count ?? 0, UpdatedAt = o.UpdatedAt, Version = o.Version,
            }
            : null;
}
