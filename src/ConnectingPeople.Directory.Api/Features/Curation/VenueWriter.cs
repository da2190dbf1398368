using System.Security.Claims;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Location = ConnectingPeople.Directory.Api.Data.Entities.Location;

namespace ConnectingPeople.Directory.Api.Features.Curation;

/// <summary>One write to a venue; <see cref="VenueWriter"/> carries it out.</summary>
public sealed record VenueCommand(string Action) : WriteCommand<Location, VenueWrite>(Action);

/// <summary>
/// The venue rules of the one write pipeline. A venue is changed for every listing that meets there, so the key needs
/// scope over each of them, both as they are and with the venue at its new place; otherwise 403 naming them (the
/// curator can make a new venue instead). A new venue affects no listing yet.
/// </summary>
public sealed class VenueWriter(DirectoryDbContext db, TimeProvider clock, AuditLog audit, AssetValidator validator)
    : RecordWriter<Location, VenueWrite, Location>(db, clock, audit)
{
    protected override string EntityType => "location";

    protected override Task<Location?> LoadAsync(Guid id, CancellationToken ct) =>
        Db.Locations.IgnoreQueryFilters().FirstOrDefaultAsync(l => l.Id == id, ct);

    protected override VenueWrite ToWrite(Location l) => new()
    {
        Name = l.Name, Address1 = l.Address1, Address2 = l.Address2, Town = l.Town, Postcode = l.Postcode, Latitude = l.Latitude, Longitude = l.Longitude,
    };

    protected override Task<WriteResult<Location>?> OutsideStoredAsync(ClaimsPrincipal user, Location stored, CancellationToken ct) =>
        BlockedAsync(user, stored, stored.LocalAuthorityCode, ct);

    protected override async Task<(Location? Valid, Validation Validation)> ValidateAsync(VenueWrite body, VenueWrite? before, CancellationToken ct)
    {
        if (before is null && body.LocationId is not null)
            return (null, WriteResult<Location>.Invalid("location_id", "is given by the service: leave it out.").Validation!);
        // Moving the postcode without new coordinates places the venue at the new postcode.
        if (before is not null && body.Postcode != before.Postcode && body.Latitude == before.Latitude && body.Longitude == before.Longitude)
            body = body with { Latitude = null, Longitude = null };
        return await validator.ValidateVenueAsync(body with { LocationId = null }, ct);
    }

    protected override Task<WriteResult<Location>?> RefuseNewAsync(ClaimsPrincipal user, Location? stored, VenueWrite body, Location placed, CancellationToken ct) =>
        stored is null ? Task.FromResult<WriteResult<Location>?>(null) : BlockedAsync(user, stored, placed.LocalAuthorityCode, ct);

    protected override VenueWrite Canonical(Location placed) => ToWrite(placed);

    protected override Location Create(Guid id, Location placed)
    {
        placed.Id = id;
        return placed;
    }

    protected override void Apply(Location l, Location placed) =>
        (l.Name, l.Address1, l.Address2, l.Town, l.Postcode, l.Point, l.LocalAuthorityCode, l.WardCode) =
            (placed.Name, placed.Address1, placed.Address2, placed.Town, placed.Postcode, placed.Point, placed.LocalAuthorityCode, placed.WardCode);

    /// <summary>Out of scope, naming the listings in the way, when the venue at <paramref name="authority"/> would touch listings the key can't change.</summary>
    private async Task<WriteResult<Location>?> BlockedAsync(ClaimsPrincipal user, Location venue, string? authority, CancellationToken ct)
    {
        var blockers = await Scope.VenueBlockersAsync(Db, user, venue.Id, authority, ct);
        if (blockers.Count == 0) return null;
        var named = string.Join(", ", blockers.Take(10).Select(b => $"{b.Name} ({b.Id})")) + (blockers.Count > 10 ? $" and {blockers.Count - 10} more" : "");
        return WriteResult<Location>.OutOfScope(
            $"This venue is used by listings outside this key's scope: {named}. Give your listing a new venue instead of changing this one.",
            [.. blockers.Select(b => b.Id)]);
    }
}
