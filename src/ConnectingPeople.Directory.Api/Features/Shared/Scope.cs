using System.Security.Claims;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>
/// What a key may change (the README's "Scope" section states the same rules). Admins: anything. A curator: a listing
/// of one of its organisations, or a listing whose every venue and service area lies in its areas. One venue inside an
/// area is not enough: the listing's other venues are another area's business, and an area curator could otherwise
/// pull a listing into scope by moving one venue. A venue is a curator's when it lies in its areas or every listing
/// that uses it (deleted ones too, since they can be restored) is the curator's; an unused venue affects no listing.
/// </summary>
public static class Scope
{
    /// <summary>Whether a listing with this organisation, venue authorities and service areas is the user's to change.</summary>
    public static bool Covers(ClaimsPrincipal user, Guid organisationId, IReadOnlyCollection<string?> venueAreas, IReadOnlyCollection<string> serviceAreas)
    {
        if (user.IsAdmin()) return true;
        if (!user.IsInRole(Roles.Curator)) return false;
        if (user.Organisations().Contains(organisationId)) return true;
        var areas = user.Areas();
        return areas.Count > 0 && venueAreas.Count + serviceAreas.Count > 0
            && venueAreas.All(c => c is not null && areas.Contains(c)) && serviceAreas.All(areas.Contains);
    }

    public static bool Covers(ClaimsPrincipal user, Asset a) =>
        Covers(user, a.OrganisationId, [.. a.Locations.Select(l => l.Location.LocalAuthorityCode)], [.. a.ServiceAreas.Select(s => s.AreaCode)]);

    /// <summary>The listings a user may curate, as SQL: the same rule as <see cref="Covers(ClaimsPrincipal, Guid, IReadOnlyCollection{string?}, IReadOnlyCollection{string})"/>.</summary>
    public static IQueryable<Asset> Listings(IQueryable<Asset> assets, ClaimsPrincipal user)
    {
        if (user.IsAdmin()) return assets;
        if (!user.IsInRole(Roles.Curator)) return assets.Where(a => false);
        var organisations = user.Organisations().ToList();
        var areas = user.Areas().ToList();
        return assets.Where(a => organisations.Contains(a.OrganisationId)
            || (areas.Count > 0 && (a.Locations.Any() || a.ServiceAreas.Any())
                && a.Locations.All(l => l.Location.LocalAuthorityCode != null && areas.Contains(l.Location.LocalAuthorityCode))
                && a.ServiceAreas.All(s => areas.Contains(s.AreaCode))));
    }

    /// <summary>Whether the user may change this organisation's own record: an admin, or a curator whose key is for it.</summary>
    public static bool MayChangeOrganisation(ClaimsPrincipal user, Guid organisationId) =>
        user.IsAdmin() || (user.IsInRole(Roles.Curator) && user.Organisations().Contains(organisationId));

    /// <summary>A listing that uses a venue and falls outside the user's scope: named in a 403 so the curator knows why.</summary>
    public sealed record Blocker(Guid Id, string Name);

    /// <summary>
    /// The listings using a venue that the user could not change if the venue were at <paramref name="newAuthority"/>
    /// (pass the venue's own authority to ask about it as it stands). Empty means the user may link or change the venue.
    /// </summary>
    public static async Task<List<Blocker>> VenueBlockersAsync(DirectoryDbContext db, ClaimsPrincipal user, Guid venueId, string? newAuthority, CancellationToken ct)
    {
        if (user.IsAdmin()) return [];
        var usedBy = db.Assets.IgnoreQueryFilters().AsNoTracking().Where(a => a.Locations.Any(l => l.LocationId == venueId));
        if (user.Areas().Count == 0)
        {
            // A key with organisations only: where the venue lies cannot matter, so the rule is one query.
            var organisations = user.IsInRole(Roles.Curator) ? user.Organisations().ToList() : [];
            return await usedBy.Where(a => !organisations.Contains(a.OrganisationId)).Select(a => new Blocker(a.Id, a.Name)).ToListAsync(ct);
        }
        var users = await usedBy
            .Select(a => new
            {
                a.Id, a.Name, a.OrganisationId,
                Venues = a.Locations.Select(l => new { l.LocationId, l.Location.LocalAuthorityCode }).ToList(),
                Areas = a.ServiceAreas.Select(s => s.AreaCode).ToList(),
            })
            .ToListAsync(ct);
        return [.. users.Where(a =>
                !Covers(user, a.OrganisationId, [.. a.Venues.Select(v => v.LocalAuthorityCode)], a.Areas)
                || !Covers(user, a.OrganisationId, [.. a.Venues.Select(v => v.LocationId == venueId ? newAuthority : v.LocalAuthorityCode)], a.Areas))
            .Select(a => new Blocker(a.Id, a.Name))];
    }

    /// <summary>Whether the user may link an existing venue to a listing: it lies in their areas, or nobody else's listing uses it.</summary>
    public static async Task<bool> MayLinkVenueAsync(DirectoryDbContext db, ClaimsPrincipal user, Location venue, CancellationToken ct) =>
        user.IsAdmin()
        || (venue.LocalAuthorityCode is { } code && user.IsInRole(Roles.Curator) && user.Areas().Contains(code))
        || (await VenueBlockersAsync(db, user, venue.Id, venue.LocalAuthorityCode, ct)).Count == 0;
}
