using System.Security.Claims;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnectingPeople.Directory.Api.Features.Curation;

/// <summary>An organisation as a curator writes it.</summary>
/// <param name="Name">The organisation's name (required, at most 200 characters).</param>
/// <param name="Description">What it does, at most 5000 characters.</param>
/// <param name="Website">Its website (http or https URL).</param>
/// <param name="Email">A contact email address.</param>
/// <param name="Phone">A UK contact phone number.</param>
public sealed record OrganisationWrite(string? Name, string? Description = null, string? Website = null, string? Email = null, string? Phone = null);

/// <summary>An organisation as written.</summary>
/// <param name="Id">The organisation's id.</param>
/// <param name="Name">The organisation's name.</param>
/// <param name="Description">What it does.</param>
/// <param name="Website">Its website.</param>
/// <param name="Email">A contact email address.</param>
/// <param name="Phone">A contact phone number.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record OrganisationView(Guid Id, string Name, string? Description, string? Website, string? Email, string? Phone, DateTimeOffset UpdatedAt);

/// <summary>Admins create and delete organisations; a curator may edit the organisations their key is for.</summary>
public static class OrganisationWriteEndpoints
{
    public static WebApplication MapOrganisationWrites(this WebApplication app)
    {
        var group = app.MapResource("/api/v1/organisations").MapGroup("").WithTags("Curation").RequireAuthorization(AuthSetup.CuratorPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", Create).WithName("CreateOrganisation").WithSummary("Create an organisation (admin)")
            .RequireAuthorization(AuthSetup.AdminPolicy).ProducesValidationProblem();
        group.MapPut("/{id}", (Guid id, OrganisationWrite body, OrganisationWriter writer, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
                UpdateAsync(id, _ => (body, null, null), writer, user, http, ct))
            .WithName("ReplaceOrganisation").WithSummary("Replace an organisation (If-Match required)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapPatch("/{id}", (Guid id, JsonElement patch, OrganisationWriter writer, ClaimsPrincipal user, HttpContext http, IOptions<JsonOptions> json, CancellationToken ct) =>
                UpdateAsync(id, current => MergePatch.Merge(current, patch, json.Value.SerializerOptions), writer, user, http, ct))
            .WithName("PatchOrganisation").WithSummary("Change part of an organisation with a JSON merge patch (If-Match required)")
            .Accepts<JsonElement>("application/merge-patch+json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapDelete("/{id}", Delete).WithName("DeleteOrganisation").WithSummary("Delete an organisation with no live listings (admin; soft; If-Match required)")
            .RequireAuthorization(AuthSetup.AdminPolicy)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return app;
    }

    private static OrganisationView View(Organisation o) => new(o.Id, o.Name, o.Description, o.Website, o.Email, o.Phone, o.UpdatedAt);

    private static async Task<Results<Created<OrganisationView>, ValidationProblem, ProblemHttpResult>> Create(
        OrganisationWrite body, OrganisationWriter writer, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var result = await writer.WriteAsync(new OrganisationCommand("created") { Body = _ => body }, user, ct);
        if (result.Outcome == WriteOutcome.Invalid) return Problems.Invalid(result.Validation!);
        if (WriteAnswers.Failure(result, "Organisation", null) is { } problem) return problem;
        http.Response.Headers.ETag = Preconditions.ETag(result.Entity!.Version);
        return TypedResults.Created($"/api/v1/organisations/{result.Entity.Id}", View(result.Entity));
    }

    private static async Task<Results<Ok<OrganisationView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, Func<OrganisationWrite, (OrganisationWrite? Merged, string? Field, string? Error)> change, OrganisationWriter writer,
        ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var (version, precondition) = Preconditions.Read(http.Request);
        if (precondition is not null) return precondition;
        (string Field, string Message)? error = null;
        var result = await writer.WriteAsync(new OrganisationCommand("updated")
        {
            Id = id, Version = version, Body = current =>
            {
                var (merged, field, message) = change(current!);
                if (merged is null) error = (field ?? "body", message ?? "could not be merged.");
                return merged;
            },
        }, user, ct);
        if (error is { } e) return Problems.Invalid(e.Field, e.Message);
        if (result.Outcome == WriteOutcome.Invalid) return Problems.Invalid(result.Validation!);
        if (WriteAnswers.Failure(result, "Organisation", id) is { } problem) return problem;
        http.Response.Headers.ETag = Preconditions.ETag(result.Entity!.Version);
        return TypedResults.Ok(View(result.Entity));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, OrganisationWriter writer, DirectoryDbContext db, ClaimsPrincipal user, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var (version, precondition) = Preconditions.Read(http.Request);
        if (precondition is not null) return precondition;
        var result = await writer.WriteAsync(new OrganisationCommand("deleted")
        {
            Id = id, Version = version, Alter = o => { o.DeletedAt = clock.GetUtcNow(); return true; },
            Conflict = async (o, token) => await db.Assets.AnyAsync(a => a.OrganisationId == o.Id, token) ? "Delete or move its listings first." : null,
        }, user, ct);
        return WriteAnswers.Failure(result, "Organisation", id, "Organisation still runs listings") is { } problem ? problem : TypedResults.NoContent();
    }
}
