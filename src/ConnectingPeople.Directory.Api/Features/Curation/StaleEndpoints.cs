using System.Security.Claims;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Assets;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Curation;

public sealed record StaleListing(Guid Id, string Name, OrganisationRef Organisation, DateTimeOffset? LastVerifiedAt, int? DaysSinceVerified, string Link);

public sealed record StaleCount(Guid OrganisationId, string OrganisationName, int Count);

public sealed record StaleResponse(
    int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage, bool Empty, IReadOnlyList<StaleListing> Contents,
    IReadOnlyList<StaleCount> ByOrganisation);

public static class StaleEndpoints
{
    public static WebApplication MapStale(this WebApplication app)
    {
        app.MapResource("/api/v1/curation").MapGet("/stale", Stale).WithTags("Curation").WithName("ListStaleAssets")
            .WithSummary("Listings in your scope not verified within older_than_days (default 365), never-verified and oldest first")
            .RequireAuthorization(AuthSetup.CuratorPolicy)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<Results<Ok<StaleResponse>, ValidationProblem, ProblemHttpResult>> Stale(
        [AsParameters] PagingParameters paging, [FromQuery(Name = "older_than_days")] int? olderThanDays,
        DirectoryDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var validation = new Validation();
        var page = paging.ToRequest(validation);
        if (olderThanDays is < 1 or > 3650) validation.Add("older_than_days", "must be between 1 and 3650.");
        if (!validation.IsValid) return Problems.Invalid(validation);

        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-(olderThanDays ?? 365)).ToUniversalTime();
        var stale = Scope.Listings(db.Assets.AsNoTracking(), user).Where(a => a.LastVerifiedAt == null || a.LastVerifiedAt < cutoff);
        var counts = await stale.GroupBy(a => new { a.OrganisationId, a.Organisation.Name })
            .Select(g => new StaleCount(g.Key.OrganisationId, g.Key.Name, g.Count())).ToListAsync(ct);
        var result = await stale.OrderBy(a => a.LastVerifiedAt != null).ThenBy(a => a.LastVerifiedAt).ThenBy(a => a.Id)
            .Select(a => new { a.Id, a.Name, OrganisationId = a.Organisation.Id, OrganisationName = a.Organisation.Name, a.LastVerifiedAt })
            .ToPageAsync(page, ct);
        if (result.Page is not { } p) return result.Problem!.ToResult();
        var contents = p.Contents.Select(a => new StaleListing(a.Id, a.Name, new OrganisationRef(a.OrganisationId, a.OrganisationName), a.LastVerifiedAt,
            a.LastVerifiedAt is { } at ? (int)(now - at).TotalDays : null, AssetMapper.Link(a.Id))).ToList();
        return TypedResults.Ok(new StaleResponse(p.TotalItems, p.TotalPages, p.PageNumber, p.Size, p.FirstPage, p.LastPage, p.Empty, contents,
            [.. counts.OrderByDescending(c => c.Count).ThenBy(c => c.OrganisationName)]));
    }
}
