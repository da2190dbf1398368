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

namespace ConnectingPeople.Directory.Api.Features.Curation;

public static class AssetWriteEndpoints
{
    public static IServiceCollection AddCuration(this IServiceCollection services) =>
        services.AddScoped<AssetValidator>().AddScoped<AssetWriter>().AddScoped<VenueWriter>().AddScoped<OrganisationWriter>().AddScoped<AuditLog>();

    public static WebApplication MapAssetWrites(this WebApplication app)
    {
        var group = app.MapResource("/api/v1/assets").MapGroup("").WithTags("Curation").RequireAuthorization(AuthSetup.CuratorPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", Create).WithName("CreateAsset").WithSummary("Create a listing with its venues, schedules, costs and terms")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPut("/{id}", Replace).WithName("ReplaceAsset").WithSummary("Replace a listing (If-Match required)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapPatch("/{id}", Patch).WithName("PatchAsset").WithSummary("Change part of a listing with a JSON merge patch (If-Match required)")
            .Accepts<JsonElement>("application/merge-patch+json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapDelete("/{id}", Delete).WithName("DeleteAsset").WithSummary("Delete a listing (soft: it can be restored; If-Match required)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapPost("/{id}/restore", Restore).WithName("RestoreAsset").WithSummary("Bring back a deleted listing")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/verify", Verify).WithName("VerifyAsset").WithSummary("Record that a curator confirmed the listing is true")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/history", History).WithName("GetAssetHistory").WithSummary("Every change to a listing: who, when, before and after")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<AssetDetail>, ValidationProblem, ProblemHttpResult>> Create(
        AssetWrite body, AssetWriter writer, DirectoryDbContext db, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var result = await writer.WriteAsync(new ListingCommand("created") { Body = _ => body }, user, ct);
        if (result.Outcome == WriteOutcome.Invalid)
            return result.Validation!.OnlyUnknownValues ? Problems.Unprocessable(result.Validation) : Problems.Invalid(result.Validation);
        if (Failure(result, null) is { } problem) return problem;
        return TypedResults.Created(AssetMapper.Link(result.Entity!.Id), await ReadBackAsync(db, result.Entity.Id, http, ct));
    }

    private static Task<Results<Ok<AssetDetail>, ValidationProblem, ProblemHttpResult>> Replace(
        Guid id, AssetWrite body, AssetWriter writer, DirectoryDbContext db, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        UpdateAsync(id, _ => body, writer, db, user, http, ct);

    private static async Task<Results<Ok<AssetDetail>, ValidationProblem, ProblemHttpResult>> Patch(
        Guid id, JsonElement patch, AssetWriter writer, DirectoryDbContext db, ClaimsPrincipal user, HttpContext http,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        (string Field, string Message)? error = null;
        var result = await UpdateAsync(id, current =>
        {
            var (merged, field, message) = MergePatch.Merge(current!, patch, json.Value.SerializerOptions);
            if (merged is null) error = (field!, message!);
            return merged;
        }, writer, db, user, http, ct);
        return error is { } e ? Problems.Invalid(e.Field, e.Message) : result;
    }

    private static async Task<Results<Ok<AssetDetail>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, Func<AssetWrite?, AssetWrite?> change, AssetWriter writer, DirectoryDbContext db, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var (version, precondition) = Preconditions.Read(http.Request);
        if (precondition is not null) return precondition;
        var result = await writer.WriteAsync(new ListingCommand("updated") { Id = id, Version = version, Body = change }, user, ct);
        if (result.Outcome == WriteOutcome.Unmergeable) return Problems.Invalid("body", "could not be merged into the listing.");
        if (result.Outcome == WriteOutcome.Invalid)
            return result.Validation!.OnlyUnknownValues ? Problems.Unprocessable(result.Validation) : Problems.Invalid(result.Validation);
        if (Failure(result, id) is { } problem) return problem;
        return TypedResults.Ok(await ReadBackAsync(db, id, http, ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, AssetWriter writer, ClaimsPrincipal user, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var (version, precondition) = Preconditions.Read(http.Request);
        if (precondition is not null) return precondition;
        var command = new ListingCommand("deleted") { Id = id, Version = version, Alter = a => { a.DeletedAt = clock.GetUtcNow(); return true; } };
        return Failure(await writer.WriteAsync(command, user, ct), id) is { } problem ? problem : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AssetDetail>, ProblemHttpResult>> Restore(
        Guid id, AssetWriter writer, DirectoryDbContext db, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var command = new ListingCommand("restored")
        {
            Id = id, IgnoreVersion = true, Deleted = DeletedRecord.Required, Alter = a => { a.DeletedAt = null; return true; }, Recorded = AssetWriter.ToWriteBody,
        };
        var result = await writer.WriteAsync(command, user, ct);
        if (result.Outcome == WriteOutcome.NotFound) return Problems.NotFound("Deleted asset", id);
        if (Failure(result, id) is { } problem) return problem;
        return TypedResults.Ok(await ReadBackAsync(db, id, http, ct));
    }

    private static async Task<Results<Ok<AssetDetail>, ValidationProblem, ProblemHttpResult>> Verify(
        Guid id, VerifyRequest body, AssetWriter writer, DirectoryDbContext db, ClaimsPrincipal user, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (body.VerifiedAt > now) return Problems.Invalid("verified_at", "must not be in the future.");
        if (body.Note is { Length: > 1000 }) return Problems.Invalid("note", "must be at most 1000 characters.");
        if (body.Note is { } note && Signposting.PersonalDataGuard.Check(note) is { } personal) return Problems.Invalid("note", personal);
        var command = new ListingCommand("verified")
        {
            // A confirmation changes no content, so it needs no If-Match: it cannot overwrite anyone's edit.
            Id = id, IgnoreVersion = true,
            Alter = a => { (a.LastVerifiedAt, a.VerificationMethod) = (body.VerifiedAt ?? now, body.Method); return true; },
            Recorded = a => new { body.Method, body.Note, verified_at = a.LastVerifiedAt },
        };
        if (Failure(await writer.WriteAsync(command, user, ct), id) is { } problem) return problem;
        return TypedResults.Ok(await ReadBackAsync(db, id, http, ct));
    }

    private static ProblemHttpResult? Failure(WriteResult<Asset> result, Guid? id) => WriteAnswers.Failure(result, "Asset", id);

    private static async Task<Results<Ok<List<AssetHistory.Entry>>, ProblemHttpResult>> History(Guid id, DirectoryDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var asset = await db.Assets.IgnoreQueryFilters().AsNoTracking().Include(a => a.Locations).ThenInclude(l => l.Location).Include(a => a.ServiceAreas)
            .FirstOrDefaultAsync(a => a.Id == id, ct);
        if (asset is null) return Problems.NotFound("Asset", id);
        if (!Scope.Covers(user, asset)) return Preconditions.OutOfScope();
        return TypedResults.Ok(await AssetHistory.ReadAsync(db, id, ct));
    }

    private static async Task<AssetDetail> ReadBackAsync(DirectoryDbContext db, Guid id, HttpContext http, CancellationToken ct)
    {
        var asset = await db.Assets.AsNoTracking().WithDetails().FirstAsync(a => a.Id == id, ct);
        http.Response.Headers.ETag = Preconditions.ETag(asset.Version);
        return AssetMapper.ToDetail(asset);
    }
}
