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
        var locations = app.MapResource("/api/v1/locations");
        locations.MapGet("/{id}", Get).WithTags("Locations").WithName("GetLocation").WithSummary("Get a venue, with its ETag")
            .ProducesProblem(StatusCodes.Status404NotFound);
        var group = locations.MapGroup("").WithTags("Curation").RequireAuthorization(AuthSetup.CuratorPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", Create).WithName("CreateLocation").WithSummary("Create a venue; with only a postcode it is placed at the postcode")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPut("/{id}", (Guid id, VenueWrite body, VenueWriter writer, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
                UpdateAsync(id, _ => (body, null, null), writer, user, http, ct))
            .WithName("ReplaceLocation").WithSummary("Replace a venue (If-Match required)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapPatch("/{id}", (Guid id, JsonElement patch, VenueWriter writer, ClaimsPrincipal user, HttpContext http, IOptions<JsonOptions> json, CancellationToken ct) =>
                UpdateAsync(id, current => MergePatch.Merge(current, patch, json.Value.SerializerOptions), writer, user, http, ct))
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

    private static async Task<Results<Created<LocationView>, ValidationProblem, ProblemHttpResult>> Create(
        VenueWrite body, VenueWriter writer, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var result = await writer.WriteAsync(new VenueCommand("created") { Body = _ => body }, user, ct);
        if (result.Outcome == WriteOutcome.Invalid)
            return result.Validation!.OnlyUnknownValues ? Problems.Unprocessable(result.Validation) : Problems.Invalid(result.Validation);
        if (WriteAnswers.Failure(result, "Location", null) is { } problem) return problem;
        return TypedResults.Created($"/api/v1/locations/{result.Entity!.Id}", ReadBack(result.Entity, http));
    }

    private static async Task<Results<Ok<LocationView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, Func<VenueWrite, (VenueWrite? Merged, string? Field, string? Error)> change, VenueWriter writer, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var (version, precondition) = Preconditions.Read(http.Request);
        if (precondition is not null) return precondition;
        (string Field, string Message)? error = null;
        var result = await writer.WriteAsync(new VenueCommand("updated")
        {
            Id = id, Version = version, Body = current =>
            {
                var (merged, field, message) = change(current!);
                if (merged is null) error = (field ?? "body", message ?? "could not be merged.");
                return merged;
            },
        }, user, ct);
        if (error is { } e) return Problems.Invalid(e.Field, e.Message);
        if (result.Outcome == WriteOutcome.Invalid)
            return result.Validation!.OnlyUnknownValues ? Problems.Unprocessable(result.Validation) : Problems.Invalid(result.Validation);
        if (WriteAnswers.Failure(result, "Location", id) is { } problem) return problem;
        return TypedResults.Ok(ReadBack(result.Entity!, http));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, VenueWriter writer, DirectoryDbContext db, ClaimsPrincipal user, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var (version, precondition) = Preconditions.Read(http.Request);
        if (precondition is not null) return precondition;
        var result = await writer.WriteAsync(new VenueCommand("deleted")
        {
            Id = id, Version = version, Alter = l => { l.DeletedAt = clock.GetUtcNow(); return true; },
            Conflict = async (l, token) => await db.AssetLocations.AnyAsync(x => x.LocationId == l.Id && x.Asset.DeletedAt == null, token)
                ? "Listings still meet here: move them first." : null,
        }, user, ct);
        return WriteAnswers.Failure(result, "Location", id, "Venue in use") is { } problem ? problem : TypedResults.NoContent();
    }

    private static LocationView ReadBack(Location location, HttpContext http)
    {
        http.Response.Headers.ETag = Preconditions.ETag(location.Version);
        return AssetMapper.ToView(location);
    }
}
