using System.Security.Claims;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Features.Curation;
using ConnectingPeople.Directory.Api.Features.Schedules;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Signposting;

/// <summary>A record that you pointed someone to a listing (nothing that identifies the person).</summary>
/// <param name="AssetId">The listing.</param>
/// <param name="Support">How much help you gave (required).</param>
/// <param name="LocationId">The venue, when the listing has several.</param>
/// <param name="Reference">An opaque reference from your own case system (not a name, NHS number, postcode, email, phone or date).</param>
/// <param name="SignpostedOn">The day of the signposting (Europe/London); today when left out.</param>
public sealed record SignpostRequest(Guid AssetId, SignpostSupport? Support, Guid? LocationId = null, string? Reference = null, DateOnly? SignpostedOn = null);

/// <summary>What came of a signposting.</summary>
/// <param name="Outcome">What happened (required).</param>
/// <param name="OutcomeOn">The day of the outcome (Europe/London); today when left out.</param>
public sealed record SignpostOutcomeRequest(SignpostOutcome? Outcome, DateOnly? OutcomeOn = null);

/// <summary>A signposting record, as its team sees it.</summary>
/// <param name="Id">The record's id.</param>
/// <param name="AssetId">The listing signposted to.</param>
/// <param name="AssetName">The listing's name.</param>
/// <param name="LocationId">The venue, when given.</param>
/// <param name="Team">The team that keeps the record.</param>
/// <param name="Support">How much help was given.</param>
/// <param name="Reference">Your opaque reference, when given.</param>
/// <param name="SignpostedOn">The day of the signposting (Europe/London).</param>
/// <param name="Outcome">What came of it; null until recorded.</param>
/// <param name="OutcomeOn">The day of the outcome; null until recorded.</param>
/// <param name="CreatedAt">When the record was made.</param>
/// <param name="CreatedBy">The key or user that made it.</param>
/// <param name="OutcomeRecordedAt">When the outcome was recorded.</param>
/// <param name="OutcomeRecordedBy">The key or user that recorded the outcome.</param>
public sealed record SignpostView(
    Guid Id, Guid AssetId, string AssetName, Guid? LocationId, string Team, SignpostSupport Support, string? Reference, DateOnly SignpostedOn,
    SignpostOutcome? Outcome, DateOnly? OutcomeOn, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? OutcomeRecordedAt,
    string? OutcomeRecordedBy);

/// <summary>A practitioner's record of pointing someone to a listing, and what came of it. A team sees only its own.</summary>
public static class SignpostEndpoints
{
    public const string AuditType = "signpost";

    public static WebApplication MapSignposts(this WebApplication app)
    {
        var group = app.MapResource("/api/v1/signposts").WithTags("Signposting").RequireAuthorization(AuthSetup.PrescriberPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", Create).WithName("CreateSignpost")
            .WithSummary("Record that you signposted someone to a listing (no personal data: the reference is refused if it looks like any)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", List).WithName("ListSignposts").WithSummary("Your team's signposting records, newest first")
            .ProducesValidationProblem();
        group.MapGet("/{id}", Get).WithName("GetSignpost").WithSummary("One of your team's signposting records, with its ETag")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id}", RecordOutcome).WithName("RecordSignpostOutcome")
            .WithSummary("Record the outcome; 'group_no_longer_running' also reports the listing to its curators")
            .WithDescription("If-Match is optional here (a team's records are rarely edited at once), but when sent it must match; "
                + "two edits racing each other still cannot both win: the later one gets 412.")
            .Accepts<SignpostOutcomeRequest>("application/json", "application/merge-patch+json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }

    /// <summary>The 403 for a key without a team: signposting records and shortlists belong to one.</summary>
    internal static ProblemHttpResult NoTeam(string what = "Signposting records") => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden, title: "No team", detail: $"{what} belong to a team: use a prescriber key created with a team.");

    internal static async Task<Results<Created<SignpostView>, ValidationProblem, ProblemHttpResult>> Create(
        SignpostRequest body, DirectoryDbContext db, AuditLog audit, ClaimsPrincipal user, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        if (user.Team() is not { } team) return NoTeam();
        var today = ScheduleExpander.LocalDate(clock.GetUtcNow());
        var v = new Validation();
        if (body.AssetId == Guid.Empty) v.Add("asset_id", "is required.");
        if (body.Support is null) v.Add("support", $"is required: one of {EnumText.Values<SignpostSupport>()}.");
        var reference = string.IsNullOrWhiteSpace(body.Reference) ? null : body.Reference.Trim();
        if (reference is not null && PersonalDataGuard.CheckReference(reference) is { } problem) v.Add("reference", problem);
        if (body.SignpostedOn is { } on && (on > today || on < today.AddYears(-2))) v.Add("signposted_on", "must be today or a day in the last two years.");
        if (!v.IsValid) return Problems.Invalid(v);

        var asset = await db.Assets.AsNoTracking().Where(a => a.Id == body.AssetId)
            .Select(a => new
            {
                a.Name,
                Venues = a.Locations.Select(l => new { l.LocationId, l.Location.LocalAuthorityCode }).ToList(),
                AreaCodes = a.ServiceAreas.Select(s => s.AreaCode).ToList(),
                Interests = a.Terms.Where(t => t.Term.Vocabulary.Code == "interests").Select(t => t.Term.Code).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (asset is null) return Problems.NotFound("Asset", body.AssetId);
        var venue = body.LocationId is { } locationId ? asset.Venues.FirstOrDefault(l => l.LocationId == locationId) : asset.Venues.FirstOrDefault();
        if (body.LocationId is not null && venue is null) return Problems.Invalid("location_id", "is not a venue of this listing.");

        var signpost = new Signpost
        {
            Id = Guid.CreateVersion7(), AssetId = body.AssetId, LocationId = venue?.LocationId, Team = team, Support = body.Support!.Value,
            Reference = reference, SignpostedOn = body.SignpostedOn ?? today, InterestCodes = [.. asset.Interests.Order()],
            AreaCode = venue?.LocalAuthorityCode ?? asset.AreaCodes.FirstOrDefault(), CreatedAt = clock.GetUtcNow(), CreatedBy = user.Actor(),
        };
        db.Signposts.Add(signpost);
        await audit.SaveAsync(AuditType, signpost.Id, "created", user.Actor(), null, body, ct);
        http.Response.Headers.ETag = Preconditions.ETag(signpost.Version);
        return TypedResults.Created($"/api/v1/signposts/{signpost.Id}", View(signpost, asset.Name));
    }

    /// <param name="from">Only records signposted on or after this day (YYYY-MM-DD).</param>
    /// <param name="to">Only records signposted on or before this day (YYYY-MM-DD).</param>
    /// <param name="assetId">Only records for this listing.</param>
    /// <param name="outcome">Only records with this outcome, or none for those without one yet.</param>
    private static async Task<Results<Ok<Page<SignpostView>>, ValidationProblem, ProblemHttpResult>> List(
        [AsParameters] PagingParameters paging, [FromQuery(Name = "from")] DateOnly? from, [FromQuery(Name = "to")] DateOnly? to,
        [FromQuery(Name = "asset_id")] Guid? assetId, [FromQuery(Name = "outcome")] string? outcome, DirectoryDbContext db, ClaimsPrincipal user,
        CancellationToken ct)
    {
        if (user.Team() is not { } team) return NoTeam();
        var v = new Validation();
        var page = paging.ToRequest(v);
        DateWindow.Check(v, "from", from);
        DateWindow.Check(v, "to", to);
        if (from > to) v.Add("from", "must not be after to.");
        SignpostOutcome? wanted = null;
        var noOutcome = false;
        if (outcome is not null)
        {
            if (outcome.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) noOutcome = true;
            else if (EnumText.TryParse<SignpostOutcome>(outcome, out var parsed)) wanted = parsed;
            else v.Add("outcome", $"must be none or one of {EnumText.Values<SignpostOutcome>()}.");
        }
        if (!v.IsValid) return Problems.Invalid(v);

        var query = db.Signposts.AsNoTracking().Where(s => s.Team == team);
        if (from is { } f) query = query.Where(s => s.SignpostedOn >= f);
        if (to is { } t) query = query.Where(s => s.SignpostedOn <= t);
        if (assetId is { } a) query = query.Where(s => s.AssetId == a);
        if (wanted is { } w) query = query.Where(s => s.Outcome == w);
        if (noOutcome) query = query.Where(s => s.Outcome == null);
        var result = await query.OrderByDescending(s => s.SignpostedOn).ThenByDescending(s => s.Id)
            .Join(db.Assets.IgnoreQueryFilters(), s => s.AssetId, x => x.Id, (s, x) => new { s, x.Name })
            .Select(x => new SignpostView(x.s.Id, x.s.AssetId, x.Name, x.s.LocationId, x.s.Team, x.s.Support, x.s.Reference, x.s.SignpostedOn,
                x.s.Outcome, x.s.OutcomeOn, x.s.CreatedAt, x.s.CreatedBy, x.s.OutcomeRecordedAt, x.s.OutcomeRecordedBy))
            .ToPageAsync(page, ct);
        return result.Page is { } ok ? TypedResults.Ok(ok) : result.Problem!.ToResult();
    }

    private static async Task<Results<Ok<SignpostView>, ProblemHttpResult>> Get(
        Guid id, DirectoryDbContext db, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        if (user.Team() is not { } team) return NoTeam();
        var signpost = await db.Signposts.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.Team == team, ct);
        if (signpost is null) return Problems.NotFound("Signpost", id);
        http.Response.Headers.ETag = Preconditions.ETag(signpost.Version);
        return TypedResults.Ok(View(signpost, await AssetNameAsync(db, signpost.AssetId, ct)));
    }

    private static async Task<Results<Ok<SignpostView>, ValidationProblem, ProblemHttpResult>> RecordOutcome(
        Guid id, SignpostOutcomeRequest body, DirectoryDbContext db, AuditLog audit, ClaimsPrincipal user, HttpContext http, TimeProvider clock,
        CancellationToken ct)
    {
        if (user.Team() is not { } team) return NoTeam();
        var signpost = await db.Signposts.FirstOrDefaultAsync(s => s.Id == id && s.Team == team, ct);
        if (signpost is null) return Problems.NotFound("Signpost", id);
        if (http.Request.Headers.IfMatch.Count > 0 && Preconditions.Check(http.Request, signpost.Version).Problem is { } stale) return stale;

        var today = ScheduleExpander.LocalDate(clock.GetUtcNow());
        var v = new Validation();
        if (body.Outcome is null) v.Add("outcome", $"is required: one of {EnumText.Values<SignpostOutcome>()}.");
        var on = body.OutcomeOn ?? today;
        if (on > today) v.Add("outcome_on", "must not be in the future.");
        if (on < signpost.SignpostedOn) v.Add("outcome_on", "must not be before the day of the signposting.");
        if (!v.IsValid) return Problems.Invalid(v);

        var before = new SignpostOutcomeRequest(signpost.Outcome, signpost.OutcomeOn);
        var reportClosure = body.Outcome == SignpostOutcome.GroupNoLongerRunning && signpost.Outcome != SignpostOutcome.GroupNoLongerRunning;
        signpost.Outcome = body.Outcome;
        signpost.OutcomeOn = on;
        signpost.OutcomeRecordedAt = clock.GetUtcNow();
        signpost.OutcomeRecordedBy = user.Actor();
        if (reportClosure)
        {
            db.Feedback.Add(new Feedback
            {
                Id = Guid.CreateVersion7(), AssetId = signpost.AssetId, Kind = FeedbackKind.Closed, Status = FeedbackStatus.Open, CreatedAt = clock.GetUtcNow(),
                // Curators see this report; which team (and so which person) recorded it stays with the signpost.
                Message = $"A link worker recorded on {on:yyyy-MM-dd} that this group is no longer running.",
            });
        }
        if (!await audit.SaveAsync(AuditType, signpost.Id, "outcome", user.Actor(), before, body with { OutcomeOn = on }, ct)) return Preconditions.Stale();
        http.Response.Headers.ETag = Preconditions.ETag(signpost.Version);
        return TypedResults.Ok(View(signpost, await AssetNameAsync(db, signpost.AssetId, ct)));
    }

    private static Task<string> AssetNameAsync(DirectoryDbContext db, Guid id, CancellationToken ct) =>
        db.Assets.IgnoreQueryFilters().Where(a => a.Id == id).Select(a => a.Name).FirstAsync(ct);

    private static SignpostView View(Signpost s, string assetName) => new(
        s.Id, s.AssetId, assetName, s.LocationId, s.Team, s.Support, s.Reference, s.SignpostedOn, s.Outcome, s.OutcomeOn, s.CreatedAt, s.CreatedBy,
        s.OutcomeRecordedAt, s.OutcomeRecordedBy);
}
