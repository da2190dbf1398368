using System.Security.Claims;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Assets;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Curation;

/// <summary>A listing due for verification.</summary>
/// <param name="Id">The listing's id.</param>
/// <param name="Name">The listing's name.</param>
/// <param name="Organisation">The organisation that runs it.</param>
/// <param name="LastVerifiedAt">When it was last verified; null if never.</param>
/// <param name="DaysSinceVerified">Whole days since then; null if never verified.</param>
/// <param name="Link">The relative URL of the listing in full.</param>
public sealed record StaleListing(Guid Id, string Name, OrganisationRef Organisation, DateTimeOffset? LastVerifiedAt, int? DaysSinceVerified, string Link);

/// <summary>How many listings of one organisation are due for verification.</summary>
/// <param name="OrganisationId">The organisation's id.</param>
/// <param name="OrganisationName">The organisation's name.</param>
/// <param name="Count">How many of its listings in your scope are due.</param>
public sealed record StaleCount(Guid OrganisationId, string OrganisationName, int Count);

/// <summary>The API's standard page envelope of stale listings, plus counts per organisation across all pages.</summary>
/// <param name="TotalItems">How many items match, across all pages.</param>
/// <param name="TotalPages">How many pages there are at this page size.</param>
/// <param name="PageNumber">This page's number, from 1.</param>
/// <param name="Size">The page size asked for (per_page).</param>
/// <param name="FirstPage">true on page 1.</param>
/// <param name="LastPage">true on the last page (or when there are no items).</param>
/// <param name="Empty">true when this page holds no items.</param>
/// <param name="Contents">The listings on this page, never-verified and oldest first.</param>
/// <param name="ByOrganisation">Counts per organisation, across all pages.</param>
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

    /// <param name="olderThanDays">Listings not verified within this many days, 1 to 3650 (default 365).</param>
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
