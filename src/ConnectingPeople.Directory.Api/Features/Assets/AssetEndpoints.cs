using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.ReadModel;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Assets;

public static class AssetEndpoints
{
    public static WebApplication MapAssets(this WebApplication app)
    {
        var group = app.MapResource("/api/v1/assets").MapGroup("").WithTags("Assets");
        group.MapGet("/", ListAssets)
            .WithName("ListAssets")
            .WithSummary("List listings, most recently updated first")
            .WithDescription("Filters: `organisation_id`, `status` (active, temporarily_closed, closed), `updated_since` (ISO 8601 date-time).")
            .ProducesValidationProblem();
        group.MapGet("/{id}", GetAsset)
            .WithName("GetAsset").WithMetadata(new ConditionalRead())
            .WithSummary("Get a listing in full: venues, schedules, costs, audiences, accessibility, interests and contacts")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <param name="organisationId">Only listings of this organisation.</param>
    /// <param name="status">Only listings with this status: active, temporarily_closed or closed.</param>
    /// <param name="updatedSince">Only listings changed at or after this date-time (RFC 3339).</param>
    private static async Task<Results<Ok<Page<AssetSummary>>, ValidationProblem, ProblemHttpResult>> ListAssets(
        [AsParameters] PagingParameters paging,
        [FromQuery(Name = "organisation_id")] Guid? organisationId,
        [FromQuery(Name = "status")] string? status,
        [FromQuery(Name = "updated_since")] DateTimeOffset? updatedSince,
        DirectoryDbContext db, CancellationToken ct)
    {
        var validation = new Validation();
        var request = paging.ToRequest(validation);
        AssetStatus? statusFilter = null;
        if (status is not null)
        {
            if (EnumText.TryParse<AssetStatus>(status, out var parsed)) statusFilter = parsed;
            else validation.Add("status", $"must be one of {EnumText.Values<AssetStatus>()}.");
        }
        DateWindow.Check(validation, "updated_since", updatedSince);
        if (!validation.IsValid) return Problems.Invalid(validation);

        var query = db.Assets.AsNoTracking();
        if (organisationId is { } org) query = query.Where(a => a.OrganisationId == org);
        if (statusFilter is { } s) query = query.Where(a => a.Status == s);
        if (updatedSince is { } since) query = query.Where(a => a.UpdatedAt >= since.ToUniversalTime());

        var page = await query.OrderByDescending(a => a.UpdatedAt).ThenBy(a => a.Id)
            .Select(a => new AssetSummary(a.Id, a.Name, a.Summary, a.Status, new OrganisationRef(a.Organisation.Id, a.Organisation.Name),
                a.Kind == null ? null : new TermRef(a.Kind.Code, a.Kind.Name), a.LastVerifiedAt, a.UpdatedAt, "/api/v1/assets/" + a.Id))
            .ToPageAsync(request, ct);
        return page.Page is { } ok ? TypedResults.Ok(ok) : page.Problem!.ToResult();
    }

    private static async Task<Results<Ok<AssetDetail>, ProblemHttpResult>> GetAsset(
        Guid id, DirectoryDbContext db, HttpContext http, ReadPath path, MemoryReads memory, CancellationToken ct)
    {
        var fromMemory = path.ServesReads(http.Request) ? memory.Listing(id) : null;
        ReadPath.Mark(http.Response, fromMemory is not null);
        if (fromMemory is { } held)
        {
            http.Response.Headers.ETag = $"\"{held.Version}\"";
            return TypedResults.Ok(held.Detail);
        }
        var asset = await db.Assets.AsNoTracking().WithDetails().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (asset is null) return Problems.NotFound("Asset", id);
        http.Response.Headers.ETag = $"\"{asset.Version}\"";
        return TypedResults.Ok(AssetMapper.ToDetail(asset));
    }
}
