using System.Security.Claims;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Assets;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Location = ConnectingPeople.Directory.Api.Data.Entities.Location;

namespace ConnectingPeople.Directory.Api.Features.Curation;

/// <summary>Venues: anyone reads one; curators create them and edit those in their areas or used by their listings.</summary>
public static class LocationWriteEndpoints
{
    public static WebApplication MapLocations(this WebApplication app)
    {
        app.MapGet("/api/v1/locations/{id}", Get).WithTags("Locations").WithName("GetLocation").WithSummary("Get a venue, with its ETag")
            .ProducesProblem(StatusCodes.Status404NotFound);
        var group = app.MapGroup("/api/v1/locations").WithTags("Curation").RequireAuthorization(AuthSetup.CuratorPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", Create).WithName("CreateLocation").WithSummary("Create a venue; with only a postcode it is placed at the postcode")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPut("/{id}", (Guid id, VenueWrite body, DirectoryDbContext db, AssetValidator validator, AuditLog audit, ClaimsPrincipal user, HttpContext http, TimeProvider clock, CancellationToken ct) =>
                UpdateAsync(id, _ => (body, null, null), db, validator, audit, user, http, clock, ct))
            .WithName("ReplaceLocation").WithSummary("Replace a venue (If-Match required)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapPatch("/{id}", (Guid id, JsonElement patch, DirectoryDbContext db, AssetValidator validator, AuditLog audit, ClaimsPrincipal user, HttpContext http, TimeProvider clock, IOptions<JsonOptions> json, CancellationToken ct) =>
                UpdateAsync(id, current => MergePatch.Merge(current, patch, json.Value.SerializerOptions), db, validator, audit, user, http, clock, ct))
            .WithName("PatchLocation").WithSummary("Change part of a venue with a JSON merge patch (If-Match required)")
            .Accepts<JsonElement>("application/merge-patch+json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapDelete("/{id}", Delete).WithName("DeleteLocation").WithSummary("Delete a venue no live listing uses (soft; If-Match required)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return app;
    }

    private static async Task<Results<Ok<LocationView>, ProblemHttpResult>> Get(Guid id, DirectoryDbContext db, HttpContext http, CancellationToken ct)
    {
        var location = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct);
        if (location is null) return Problems.NotFound("Location", id);
        http.Response.Headers.ETag = Preconditions.ETag(location.Version);
        return TypedResults.Ok(AssetMapper.ToView(location));
    }

    private static VenueWrite ToWrite(Location l) => new()
    {
        Name = l.Name, Address1 = l.Address1, Address2 = l.Address2, Town = l.Town, Postcode = l.Postcode, Latitude = l.Latitude, Longitude = l.Longitude,
    };

    /// <summary>
    /// A venue is changed for every listing that meets there, so the key needs scope over each of them, both as they are
    /// and with the venue at its new place; otherwise 403 naming them (the curator can make a new venue instead).
    /// </summary>
    private static async Task<ProblemHttpResult?> OutOfScopeAsync(DirectoryDbContext db, ClaimsPrincipal user, Location l, string? newAuthority, CancellationToken ct)
    {
        var blockers = await Scope.VenueBlockersAsync(db, user, l.Id, newAuthority, ct);
        if (blockers.Count == 0) return null;
        var named = string.Join(", ", blockers.Take(10).Select(b => $"{b.Name} ({b.Id})")) + (blockers.Count > 10 ? $" and {blockers.Count - 10} more" : "");
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Outside your scope",
            detail: $"This venue is used by listings outside this key's scope: {named}. Give your listing a new venue instead of changing this one.",
            extensions: new Dictionary<string, object?> { ["listings"] = blockers.Select(b => b.Id).ToList() });
    }

    private static async Task<Results<Created<LocationView>, ValidationProblem, ProblemHttpResult>> Create(
        VenueWrite body, AssetValidator validator, DirectoryDbContext db, AuditLog audit, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        if (body.LocationId is not null) return Problems.Invalid("location_id", "is given by the service: leave it out.");
        var (location, validation) = await validator.ValidateVenueAsync(body, ct);
        if (location is null) return validation.OnlyUnknownValues ? Problems.Unprocessable(validation) : Problems.Invalid(validation);
        db.Locations.Add(location);
        await audit.SaveAsync("location", location.Id, "created", user.Actor(), null, ToWrite(location), ct);
        http.Response.Headers.ETag = Preconditions.ETag(location.Version);
        return TypedResults.Created($"/api/v1/locations/{location.Id}", AssetMapper.ToView(location));
    }

    private static async Task<Results<Ok<LocationView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, Func<VenueWrite, (VenueWrite? Merged, string? Field, string? Error)> change, DirectoryDbContext db, AssetValidator validator,
        AuditLog audit, ClaimsPrincipal user, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var location = await db.Locations.FirstOrDefaultAsync(l => l.Id == id, ct);
        if (location is null) return Problems.NotFound("Location", id);
        var (version, precondition) = Preconditions.Check(http.Request, location.Version);
        if (precondition is not null) return precondition;
        if (await OutOfScopeAsync(db, user, location, location.LocalAuthorityCode, ct) is { } outside) return outside;

        var before = ToWrite(location);
        var (body, field, error) = change(before);
        if (body is null) return Problems.Invalid(field ?? "body", error ?? "could not be merged.");
        // Moving the postcode without new coordinates places the venue at the new postcode.
        if (body.Postcode != before.Postcode && body.Latitude == before.Latitude && body.Longitude == before.Longitude)
            body = body with { Latitude = null, Longitude = null };
        var (placed, validation) = await validator.ValidateVenueAsync(body with { LocationId = null }, ct);
        if (placed is null) return validation.OnlyUnknownValues ? Problems.Unprocessable(validation) : Problems.Invalid(validation);
        if (await OutOfScopeAsync(db, user, location, placed.LocalAuthorityCode, ct) is { } moved) return moved;

        db.Entry(location).Property(l => l.Version).OriginalValue = version!.Value;
        (location.Name, location.Address1, location.Address2, location.Town, location.Postcode, location.Point, location.LocalAuthorityCode, location.WardCode) =
            (placed.Name, placed.Address1, placed.Address2, placed.Town, placed.Postcode, placed.Point, placed.LocalAuthorityCode, placed.WardCode);
        location.UpdatedAt = clock.GetUtcNow();
        if (!await audit.SaveAsync("location", id, "updated", user.Actor(), before, ToWrite(location), ct)) return Preconditions.Stale();
        http.Response.Headers.ETag = Preconditions.ETag(location.Version);
        return TypedResults.Ok(AssetMapper.ToView(location));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, DirectoryDbContext db, AuditLog audit, ClaimsPrincipal user, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var location = await db.Locations.FirstOrDefaultAsync(l => l.Id == id, ct);
        if (location is null) return Problems.NotFound("Location", id);
        var (version, precondition) = Preconditions.Check(http.Request, location.Version);
        if (precondition is not null) return precondition;
        if (await OutOfScopeAsync(db, user, location, location.LocalAuthorityCode, ct) is { } outside) return outside;
        if (await db.AssetLocations.AnyAsync(l => l.LocationId == id && l.Asset.DeletedAt == null, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Venue in use", detail: "Listings still meet here: move them first.");
        db.Entry(location).Property(l => l.Version).OriginalValue = version!.Value;
        location.DeletedAt = clock.GetUtcNow();
        if (!await audit.SaveAsync("location", id, "deleted", user.Actor(), ToWrite(location), null, ct)) return Preconditions.Stale();
        return TypedResults.NoContent();
    }
}
