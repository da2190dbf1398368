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
        var group = app.MapGroup("/api/v1/organisations").WithTags("Curation").RequireAuthorization(AuthSetup.CuratorPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", Create).WithName("CreateOrganisation").WithSummary("Create an organisation (admin)")
            .RequireAuthorization(AuthSetup.AdminPolicy).ProducesValidationProblem();
        group.MapPut("/{id}", (Guid id, OrganisationWrite body, DirectoryDbContext db, AuditLog audit, ClaimsPrincipal user, HttpContext http, TimeProvider clock, CancellationToken ct) =>
                UpdateAsync(id, _ => (body, null, null), db, audit, user, http, clock, ct))
            .WithName("ReplaceOrganisation").WithSummary("Replace an organisation (If-Match required)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapPatch("/{id}", (Guid id, JsonElement patch, DirectoryDbContext db, AuditLog audit, ClaimsPrincipal user, HttpContext http, TimeProvider clock, IOptions<JsonOptions> json, CancellationToken ct) =>
                UpdateAsync(id, current => MergePatch.Merge(current, patch, json.Value.SerializerOptions), db, audit, user, http, clock, ct))
            .WithName("PatchOrganisation").WithSummary("Change part of an organisation with a JSON merge patch (If-Match required)")
            .Accepts<JsonElement>("application/merge-patch+json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapDelete("/{id}", Delete).WithName("DeleteOrganisation").WithSummary("Delete an organisation with no live listings (admin; soft; If-Match required)")
            .RequireAuthorization(AuthSetup.AdminPolicy)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return app;
    }

    private static Validation Validate(OrganisationWrite w)
    {
        var v = new Validation();
        if (string.IsNullOrWhiteSpace(w.Name)) v.Add("name", "is required.");
        else if (w.Name.Length > 200) v.Add("name", "must be at most 200 characters.");
        if (w.Description is { Length: > 5000 }) v.Add("description", "must be at most 5000 characters.");
        if (w.Name is { } name && InputText.Problem(name, multiline: false) is { } problem) v.Add("name", problem);
        if (w.Website is { } site && !ContactRules.IsWebsite(site)) v.Add("website", ContactRules.WebsiteMessage);
        if (w.Email is { } email && !ContactRules.IsEmail(email)) v.Add("email", ContactRules.EmailMessage);
        if (w.Phone is { } phone && !ContactRules.IsUkPhone(phone)) v.Add("phone", ContactRules.PhoneMessage);
        return v;
    }

    private static OrganisationWrite ToWrite(Organisation o) => new(o.Name, o.Description, o.Website, o.Email, o.Phone);

    private static OrganisationView View(Organisation o) => new(o.Id, o.Name, o.Description, o.Website, o.Email, o.Phone, o.UpdatedAt);

    private static void Apply(Organisation o, OrganisationWrite w)
    {
        o.Name = w.Name!;
        o.Description = w.Description;
        o.Website = w.Website;
        o.Email = w.Email;
        o.Phone = w.Phone;
    }

    private static async Task<Results<Created<OrganisationView>, ValidationProblem>> Create(
        OrganisationWrite body, DirectoryDbContext db, AuditLog audit, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var validation = Validate(body);
        if (!validation.IsValid) return Problems.Invalid(validation);
        var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = body.Name! };
        Apply(organisation, body);
        db.Organisations.Add(organisation);
        await audit.SaveAsync("organisation", organisation.Id, "created", user.Actor(), null, body, ct);
        http.Response.Headers.ETag = Preconditions.ETag(organisation.Version);
        return TypedResults.Created($"/api/v1/organisations/{organisation.Id}", View(organisation));
    }

    private static async Task<Results<Ok<OrganisationView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, Func<OrganisationWrite, (OrganisationWrite? Merged, string? Field, string? Error)> change, DirectoryDbContext db, AuditLog audit,
        ClaimsPrincipal user, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, ct);
        if (organisation is null) return Problems.NotFound("Organisation", id);
        var (version, precondition) = Preconditions.Check(http.Request, organisation.Version);
        if (precondition is not null) return precondition;
        if (!user.IsAdmin() && !user.Organisations().Contains(id)) return Preconditions.OutOfScope();

        var before = ToWrite(organisation);
        var (body, field, error) = change(before);
        if (body is null) return Problems.Invalid(field ?? "body", error ?? "could not be merged.");
        var validation = Validate(body);
        if (!validation.IsValid) return Problems.Invalid(validation);
        db.Entry(organisation).Property(o => o.Version).OriginalValue = version!.Value;
        Apply(organisation, body);
        organisation.UpdatedAt = clock.GetUtcNow();
        if (!await audit.SaveAsync("organisation", id, "updated", user.Actor(), before, body, ct)) return Preconditions.Stale();
        http.Response.Headers.ETag = Preconditions.ETag(organisation.Version);
        return TypedResults.Ok(View(organisation));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, DirectoryDbContext db, AuditLog audit, ClaimsPrincipal user, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, ct);
        if (organisation is null) return Problems.NotFound("Organisation", id);
        var (version, precondition) = Preconditions.Check(http.Request, organisation.Version);
        if (precondition is not null) return precondition;
        if (await db.Assets.AnyAsync(a => a.OrganisationId == id, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Organisation still runs listings",
                detail: "Delete or move its listings first.");
        db.Entry(organisation).Property(o => o.Version).OriginalValue = version!.Value;
        organisation.DeletedAt = clock.GetUtcNow();
        if (!await audit.SaveAsync("organisation", id, "deleted", user.Actor(), ToWrite(organisation), null, ct)) return Preconditions.Stale();
        return TypedResults.NoContent();
    }
}
