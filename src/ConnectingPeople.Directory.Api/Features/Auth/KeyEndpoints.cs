using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Auth;

/// <summary>A new API key.</summary>
/// <param name="Name">What the key is for or who holds it, at most 200 characters.</param>
/// <param name="Role">admin, curator or prescriber.</param>
/// <param name="OrganisationIds">For curator keys: the organisations whose listings the key may edit.</param>
/// <param name="AreaCodes">For curator keys: the local authorities (GSS codes) whose listings the key may edit.</param>
/// <param name="Team">For prescriber keys (required): the team whose signposting records the key reads and writes.</param>
public sealed record CreateKeyRequest(string Name, string Role, Guid[]? OrganisationIds = null, string[]? AreaCodes = null, string? Team = null);

/// <summary>The key, shown once: only its hash is kept.</summary>
/// <param name="Id">The key's id (GET /api/v1/keys/{id}).</param>
/// <param name="Name">What the key is for or who holds it.</param>
/// <param name="Role">admin, curator or prescriber.</param>
/// <param name="Key">The secret to send as "Authorization: Bearer ..."; it cannot be shown again.</param>
public sealed record CreatedKey(Guid Id, string Name, string Role, string Key);

/// <summary>A key as an admin sees it later: everything but the secret (which is never stored), and whether it is revoked.</summary>
/// <param name="Id">The key's id.</param>
/// <param name="Name">What the key is for or who holds it.</param>
/// <param name="Role">admin, curator or prescriber.</param>
/// <param name="OrganisationIds">For curator keys: the organisations whose listings it may edit.</param>
/// <param name="AreaCodes">For curator keys: the local authorities (GSS codes) whose listings it may edit.</param>
/// <param name="Team">For prescriber keys: the team whose signposting records it reads and writes.</param>
/// <param name="CreatedAt">When the key was created.</param>
/// <param name="RevokedAt">When it was revoked; null while it works.</param>
/// <param name="Prefix">The first characters of the key, enough for its holder to tell which key this is.</param>
public sealed record KeyView(Guid Id, string Name, string Role, string Prefix, Guid[] OrganisationIds, string[] AreaCodes, string? Team,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public static class KeyEndpoints
{
    public static WebApplication MapKeys(this WebApplication app)
    {
        var group = app.MapResource("/api/v1/keys").WithTags("Keys").RequireAuthorization(AuthSetup.AdminPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", Create).WithName("CreateKey").WithSummary("Create an API key (admin); the key is in the response only").ProducesValidationProblem();
        group.MapGet("/", List).WithName("ListKeys").WithSummary("List API keys (admin), newest first, without their secrets").ProducesValidationProblem();
        group.MapGet("/{id}", Get).WithName("GetKey").WithSummary("Get one API key (admin), without its secret").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", Revoke).WithName("RevokeKey").WithSummary("Revoke an API key (admin)").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<CreatedKey>, ValidationProblem>> Create(CreateKeyRequest body, ApiKeys keys, DirectoryDbContext db, CancellationToken ct)
    {
        var validation = await Validate(body, db, ct);
        if (!validation.IsValid) return Problems.Invalid(validation);
        var created = await keys.CreateAsync(body.Name, body.Role!, body.OrganisationIds ?? [], body.AreaCodes ?? [], ct, body.Team?.Trim());
        return TypedResults.Created($"/api/v1/keys/{created.Key.Id}", new CreatedKey(created.Key.Id, created.Key.Name, created.Key.Role, created.Secret));
    }

    /// <summary>
    /// What a new key must be, for the endpoint and for <c>keys create</c> on the command line alike. A key for an
    /// organisation or area that does not exist would be a key for whatever later takes that id or code.
    /// </summary>
    public static async Task<Validation> Validate(CreateKeyRequest body, DirectoryDbContext db, CancellationToken ct)
    {
        var validation = new Validation();
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 200) validation.Add("name", "is required, at most 200 characters.");
        if (!Roles.All.Contains(body.Role ?? "")) validation.Add("role", "must be admin, curator or prescriber.");
        if (body.Role == Roles.Curator && (body.OrganisationIds ?? []).Length == 0 && (body.AreaCodes ?? []).Length == 0)
            validation.Add("organisation_ids", "a curator key needs at least one organisation or area to work in.");
        if (body.Role == Roles.Prescriber && string.IsNullOrWhiteSpace(body.Team)) validation.Add("team", "a prescriber key needs the team whose records it keeps.");
        if (body.Team is { Length: > 200 }) validation.Add("team", "must be at most 200 characters.");
        var organisations = (body.OrganisationIds ?? []).Distinct().ToList();
        var knownOrganisations = await db.Organisations.Where(o => organisations.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct);
        foreach (var missing in organisations.Except(knownOrganisations)) validation.Add("organisation_ids", $"'{missing}' is not an organisation in this directory.");
        var areas = (body.AreaCodes ?? []).Distinct().ToList();
        var knownAreas = await db.Areas.Where(a => areas.Contains(a.Code)).Select(a => a.Code).ToListAsync(ct);
        foreach (var missing in areas.Except(knownAreas)) validation.Add("area_codes", $"'{missing}' is not an area code we hold (such as E08000039 for Sheffield).");
        return validation;
    }

    private static async Task<Results<Ok<Page<KeyView>>, ValidationProblem, ProblemHttpResult>> List(
        [AsParameters] PagingParameters paging, DirectoryDbContext db, CancellationToken ct)
    {
        var validation = new Validation();
        var request = paging.ToRequest(validation);
        if (!validation.IsValid) return Problems.Invalid(validation);
        var page = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Id).Select(View).ToPageAsync(request, ct);
        return page.Page is { } ok ? TypedResults.Ok(ok) : page.Problem!.ToResult();
    }

    private static async Task<Results<Ok<KeyView>, ProblemHttpResult>> Get(Guid id, DirectoryDbContext db, CancellationToken ct) =>
        await db.ApiKeys.AsNoTracking().Where(k => k.Id == id).Select(View).FirstOrDefaultAsync(ct) is { } key
            ? TypedResults.Ok(key)
            : Problems.NotFound("Key", id);

    private static readonly System.Linq.Expressions.Expression<Func<ApiKey, KeyView>> View = k =>
        new KeyView(k.Id, k.Name, k.Role, k.Prefix, k.OrganisationIds, k.AreaCodes, k.Team, k.CreatedAt, k.RevokedAt);

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(Guid id, ApiKeys keys, CancellationToken ct) =>
        await keys.RevokeAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("Key", id);
}
