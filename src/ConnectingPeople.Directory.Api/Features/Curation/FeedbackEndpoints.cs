using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Threading.RateLimiting;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnectingPeople.Directory.Api.Features.Curation;

public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    /// <summary>Reports one client (IP address) may send a minute.</summary>
    [Range(1, 10_000)]
    public int PerMinute { get; set; } = 10;
}

/// <summary>A report that a listing is wrong or has closed. Say what is wrong, never who told you.</summary>
/// <param name="AssetId">The listing the report is about.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Message">More detail, at most 1000 characters (required when the kind is other); no personal data.</param>
public sealed record FeedbackRequest(Guid AssetId, FeedbackKind Kind, string? Message = null);

/// <summary>A problem report on a listing, as curators see it.</summary>
/// <param name="Id">The report's id.</param>
/// <param name="AssetId">The listing it is about.</param>
/// <param name="AssetName">The listing's name.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Message">The reporter's detail, when given.</param>
/// <param name="Status">open until a curator resolves or dismisses it.</param>
/// <param name="CreatedAt">When it was reported.</param>
/// <param name="ClosedAt">When a curator closed it; null while open.</param>
/// <param name="ClosedBy">Who closed it; null while open.</param>
/// <param name="Note">The curator's note on closing.</param>
/// <param name="FixedByChange">For a resolved report: the change-feed cursor of the edit that fixed it.</param>
public sealed record FeedbackView(Guid Id, Guid AssetId, string AssetName, FeedbackKind Kind, string? Message, FeedbackStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt, string? ClosedBy, string? Note, long? FixedByChange);

/// <summary>Closing a report.</summary>
/// <param name="Note">What was done, at most 1000 characters; no personal data.</param>
/// <param name="FixedByChange">When resolving: the change-feed cursor of the edit that fixed it (default the listing's latest edit since the report).</param>
public sealed record CloseFeedbackRequest(string? Note = null, long? FixedByChange = null);

/// <summary>Anyone can report a problem with a listing; curators work through the reports for their scope.</summary>
public static class FeedbackEndpoints
{
    public const string RateLimitPolicy = "feedback";

    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddOptions<FeedbackOptions>().BindConfiguration(FeedbackOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<FeedbackOptions>>().Value.PerMinute,
                    Window = TimeSpan.FromMinutes(1),
                }));
        });
        return services;
    }

    public static WebApplication MapFeedback(this WebApplication app)
    {
        app.MapResource("/api/v1/feedback").MapPost("", Report).WithTags("Feedback").WithName("ReportProblem")
            .WithSummary("Report a problem with a listing (no key needed; rate-limited)")
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicy)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);

        var curation = app.MapResource("/api/v1/curation").MapGroup("").WithTags("Curation").RequireAuthorization(AuthSetup.CuratorPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        curation.MapGet("/feedback", Queue).WithName("ListFeedback").WithSummary("Problem reports on listings in your scope, oldest first")
            .ProducesValidationProblem();
        curation.MapPost("/feedback/{id}/resolve", (Guid id, CloseFeedbackRequest body, DirectoryDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct) =>
                CloseAsync(id, FeedbackStatus.Resolved, body, db, user, clock, ct))
            .WithName("ResolveFeedback").WithSummary("Mark a report resolved, linking the edit that fixed it (the latest edit when not given)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        curation.MapPost("/feedback/{id}/dismiss", (Guid id, CloseFeedbackRequest body, DirectoryDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct) =>
                CloseAsync(id, FeedbackStatus.Dismissed, body, db, user, clock, ct))
            .WithName("DismissFeedback").WithSummary("Dismiss a report that needs no change")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    internal static async Task<Results<Created<FeedbackView>, ValidationProblem, ProblemHttpResult>> Report(
        FeedbackRequest body, DirectoryDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (body.Message is { Length: > 1000 }) return Problems.Invalid("message", "must be at most 1000 characters.");
        if (body.Message is { } message && Signposting.PersonalDataGuard.Check(message) is { } personal) return Problems.Invalid("message", personal);
        if (body.Kind == FeedbackKind.Other && string.IsNullOrWhiteSpace(body.Message)) return Problems.Invalid("message", "is required when the kind is other.");
        var asset = await db.Assets.AsNoTracking().Where(a => a.Id == body.AssetId).Select(a => new { a.Name }).FirstOrDefaultAsync(ct);
        if (asset is null) return Problems.NotFound("Asset", body.AssetId);
        var feedback = new Feedback
        {
            Id = Guid.CreateVersion7(), AssetId = body.AssetId, Kind = body.Kind, Message = body.Message?.Trim(), Status = FeedbackStatus.Open,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Feedback.Add(feedback);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/curation/feedback/{feedback.Id}", View(feedback, asset.Name));
    }

    /// <param name="status">open (the default), resolved or dismissed.</param>
    private static async Task<Results<Ok<Page<FeedbackView>>, ValidationProblem, ProblemHttpResult>> Queue(
        [AsParameters] PagingParameters paging, [FromQuery(Name = "status")] string? status, DirectoryDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var validation = new Validation();
        var page = paging.ToRequest(validation);
        var wanted = FeedbackStatus.Open;
        if (status is not null && !EnumText.TryParse(status, out wanted)) validation.Add("status", $"must be one of {EnumText.Values<FeedbackStatus>()}.");
        if (!validation.IsValid) return Problems.Invalid(validation);
        var inScope = Scope.Listings(db.Assets.AsNoTracking(), user);
        var result = await db.Feedback.AsNoTracking().Where(f => f.Status == wanted)
            .Join(inScope, f => f.AssetId, a => a.Id, (f, a) => new { f, a.Name })
            .OrderBy(x => x.f.CreatedAt).ThenBy(x => x.f.Id)
            .Select(x => new FeedbackView(x.f.Id, x.f.AssetId, x.Name, x.f.Kind, x.f.Message, x.f.Status, x.f.CreatedAt, x.f.ClosedAt, x.f.ClosedBy, x.f.Note, x.f.FixedByChange))
            .ToPageAsync(page, ct);
        return result.Page is { } ok ? TypedResults.Ok(ok) : result.Problem!.ToResult();
    }

    private static async Task<Results<Ok<FeedbackView>, ValidationProblem, ProblemHttpResult>> CloseAsync(
        Guid id, FeedbackStatus status, CloseFeedbackRequest body, DirectoryDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var feedback = await db.Feedback.FirstOrDefaultAsync(f => f.Id == id, ct);
        var asset = feedback is null ? null : await Scope.Listings(db.Assets.IgnoreQueryFilters(), user).Where(a => a.Id == feedback.AssetId)
            .Select(a => new { a.Name }).FirstOrDefaultAsync(ct);
        if (feedback is null || asset is null) return Problems.NotFound("Feedback", id);
        if (feedback.Status != FeedbackStatus.Open)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already closed", detail: $"This report was {SnakeCaseEnumConverter<FeedbackStatus>.ToText(feedback.Status)} already.");
        if (body.Note is { Length: > 1000 }) return Problems.Invalid("note", "must be at most 1000 characters.");
        if (body.Note is { } note && Signposting.PersonalDataGuard.Check(note) is { } personal) return Problems.Invalid("note", personal);

        if (status == FeedbackStatus.Resolved)
        {
            var edits = db.AuditEntries.Where(e => e.EntityType == "asset" && e.EntityId == feedback.AssetId && e.At >= feedback.CreatedAt);
            var change = body.FixedByChange is { } cursor
                ? await edits.Where(e => e.Id == cursor).Select(e => (long?)e.Id).FirstOrDefaultAsync(ct)
                : await edits.OrderByDescending(e => e.Id).Select(e => (long?)e.Id).FirstOrDefaultAsync(ct);
            if (change is null)
            {
                return Problems.Invalid("fixed_by_change", body.FixedByChange is null
                    ? "the listing has not been edited since the report: edit it first, or dismiss the report."
                    : "is not an edit of this listing made after the report.");
            }
            feedback.FixedByChange = change;
        }
        feedback.Status = status;
        feedback.ClosedAt = clock.GetUtcNow();
        feedback.ClosedBy = user.Actor();
        feedback.Note = body.Note;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(View(feedback, asset.Name));
    }

    private static FeedbackView View(Feedback f, string assetName) =>
        new(f.Id, f.AssetId, assetName, f.Kind, f.Message, f.Status, f.CreatedAt, f.ClosedAt, f.ClosedBy, f.Note, f.FixedByChange);
}
