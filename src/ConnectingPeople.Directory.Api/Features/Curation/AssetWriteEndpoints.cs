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
        services.AddScoped<AssetValidator>().AddScoped<AssetWriter>().AddScoped<AuditLog>();

    public static WebApplication MapAssetWrites(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/assets").WithTags("Curation").RequireAuthorization(AuthSetup.CuratorPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", Create).WithName("CreateAsset").WithSummary("Create a listing with its venues, schedules, costs and terms")
            .ProducesValidationProblem();
        group.MapPut("/{id}", Replace).WithName("ReplaceAsset").WithSummary("Replace a listing (If-Match required)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapPatch("/{id}", Patch).WithName("PatchAsset").WithSummary("Change part of a listing with a JSON merge patch (If-Match required)")
            .Accepts<JsonElement>("application/merge-patch+json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
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
        AssetWrite body, AssetValidator validator, AssetWriter writer, DirectoryDbContext db, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var (valid, validation) = await validator.ValidateAsync(body, ct);
        if (valid is null) return Problems.Invalid(validation);
        if (!AssetWriter.InScope(user, body.OrganisationId!.Value, AssetWriter.AreasOf(valid))) return Preconditions.OutOfScope();

        var asset = new Asset { Id = Guid.CreateVersion7(), Name = body.Name!, OrganisationId = body.OrganisationId.Value };
        writer.Apply(asset, valid);
        db.Assets.Add(asset);
        await writer.SaveAsync(asset, "created", user.Actor(), null, body, ct);
        var detail = await ReadBackAsync(db, asset.Id, http, ct);
        return TypedResults.Created(AssetMapper.Link(asset.Id), detail);
    }

    private static async Task<Results<Ok<AssetDetail>, ValidationProblem, ProblemHttpResult>> Replace(
        Guid id, AssetWrite body, AssetValidator validator, AssetWriter writer, DirectoryDbContext db, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        await UpdateAsync(id, _ => body, validator, writer, db, user, http, ct);

    private static async Task<Results<Ok<AssetDetail>, ValidationProblem, ProblemHttpResult>> Patch(
        Guid id, JsonElement patch, AssetValidator validator, AssetWriter writer, DirectoryDbContext db, ClaimsPrincipal user, HttpContext http,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        (string Field, string Message)? error = null;
        var result = await UpdateAsync(id, current =>
        {
            var (merged, field, message) = MergePatch.Merge(current, patch, json.Value.SerializerOptions);
            if (merged is null) error = (field!, message!);
            return merged;
        }, validator, writer, db, user, http, ct);
        return error is { } e ? Problems.Invalid(e.Field, e.Message) : result;
    }

    private static async Task<Results<Ok<AssetDetail>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, Func<AssetWrite, AssetWrite?> change, AssetValidator validator, AssetWriter writer, DirectoryDbContext db,
        ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var asset = await writer.WithWriteDetails(db.Assets).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (asset is null) return Problems.NotFound("Asset", id);
        var (version, precondition) = Preconditions.Check(http.Request, asset.Version);
        if (precondition is not null) return precondition;
        if (!AssetWriter.InScope(user, asset.OrganisationId, AssetWriter.AreasOf(asset))) return Preconditions.OutOfScope();

        var before = AssetWriter.ToWrite(asset);
        if (change(before) is not { } body) return Problems.Invalid("body", "could not be merged into the listing.");
        var (valid, validation) = await validator.ValidateAsync(body, ct);
        if (valid is null) return Problems.Invalid(validation);
        if (!AssetWriter.InScope(user, body.OrganisationId!.Value, AssetWriter.AreasOf(valid))) return Preconditions.OutOfScope();

        db.Entry(asset).Property(a => a.Version).OriginalValue = version!.Value;
        writer.Apply(asset, valid);
        if (!await writer.SaveAsync(asset, "updated", user.Actor(), before, body, ct)) return Preconditions.Stale();
        return TypedResults.Ok(await ReadBackAsync(db, id, http, ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, AssetWriter writer, DirectoryDbContext db, ClaimsPrincipal user, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var asset = await writer.WithWriteDetails(db.Assets).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (asset is null) return Problems.NotFound("Asset", id);
        var (version, precondition) = Preconditions.Check(http.Request, asset.Version);
        if (precondition is not null) return precondition;
        if (!AssetWriter.InScope(user, asset.OrganisationId, AssetWriter.AreasOf(asset))) return Preconditions.OutOfScope();

        var before = AssetWriter.ToWrite(asset);
        db.Entry(asset).Property(a => a.Version).OriginalValue = version!.Value;
        asset.DeletedAt = clock.GetUtcNow();
        asset.UpdatedAt = clock.GetUtcNow();
        if (!await writer.SaveAsync(asset, "deleted", user.Actor(), before, null, ct)) return Preconditions.Stale();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AssetDetail>, ProblemHttpResult>> Restore(
        Guid id, AssetWriter writer, DirectoryDbContext db, ClaimsPrincipal user, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var asset = await writer.WithWriteDetails(db.Assets.IgnoreQueryFilters()).FirstOrDefaultAsync(a => a.Id == id && a.DeletedAt != null, ct);
        if (asset is null) return Problems.NotFound("Deleted asset", id);
        if (!AssetWriter.InScope(user, asset.OrganisationId, AssetWriter.AreasOf(asset))) return Preconditions.OutOfScope();
        asset.DeletedAt = null;
        asset.UpdatedAt = clock.GetUtcNow();
        await writer.SaveAsync(asset, "restored", user.Actor(), null, AssetWriter.ToWrite(asset), ct);
        return TypedResults.Ok(await ReadBackAsync(db, id, http, ct));
    }

    private static async Task<Results<Ok<AssetDetail>, ValidationProblem, ProblemHttpResult>> Verify(
        Guid id, VerifyRequest body, AssetWriter writer, AuditLog audit, DirectoryDbContext db, ClaimsPrincipal user, HttpContext http,
        TimeProvider clock, CancellationToken ct)
    {
        var asset = await writer.WithWriteDetails(db.Assets).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (asset is null) return Problems.NotFound("Asset", id);
        if (!AssetWriter.InScope(user, asset.OrganisationId, AssetWriter.AreasOf(asset))) return Preconditions.OutOfScope();
        var now = clock.GetUtcNow();
        if (body.VerifiedAt > now) return Problems.Invalid("verified_at", "must not be in the future.");
        if (body.Note is { Length: > 1000 }) return Problems.Invalid("note", "must be at most 1000 characters.");
        if (body.Note is { } note && Signposting.PersonalDataGuard.Check(note) is { } personal) return Problems.Invalid("note", personal);
        asset.LastVerifiedAt = body.VerifiedAt ?? now;
        asset.VerificationMethod = body.Method;
        asset.UpdatedAt = now;
        await audit.SaveAsync("asset", id, "verified", user.Actor(), null, new { body.Method, body.Note, verified_at = asset.LastVerifiedAt }, ct);
        return TypedResults.Ok(await ReadBackAsync(db, id, http, ct));
    }

    public sealed record HistoryEntry(long Id, string Action, string Actor, DateTimeOffset At, JsonElement? Before, JsonElement? After);

    private static async Task<Results<Ok<List<HistoryEntry>>, ProblemHttpResult>> History(Guid id, DirectoryDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var asset = await db.Assets.IgnoreQueryFilters().AsNoTracking().Include(a => a.Locations).ThenInclude(l => l.Location).Include(a => a.ServiceAreas)
            .FirstOrDefaultAsync(a => a.Id == id, ct);
        if (asset is null) return Problems.NotFound("Asset", id);
        if (!AssetWriter.InScope(user, asset.OrganisationId, AssetWriter.AreasOf(asset))) return Preconditions.OutOfScope();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "asset" && e.EntityId == id).OrderBy(e => e.Id).ToListAsync(ct);
        return TypedResults.Ok(entries.Select(e => new HistoryEntry(e.Id, e.Action, e.Actor, e.At, Parse(e.Before), Parse(e.After))).ToList());
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();

    private static async Task<AssetDetail> ReadBackAsync(DirectoryDbContext db, Guid id, HttpContext http, CancellationToken ct)
    {
        var asset = await db.Assets.AsNoTracking().WithDetails().FirstAsync(a => a.Id == id, ct);
        http.Response.Headers.ETag = Preconditions.ETag(asset.Version);
        return AssetMapper.ToDetail(asset);
    }
}
