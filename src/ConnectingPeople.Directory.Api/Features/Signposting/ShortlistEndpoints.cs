using System.Security.Claims;
using System.Text;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Assets;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Features.Schedules;
using ConnectingPeople.Directory.Api.Features.Search;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Signposting;

/// <summary>A listing to put on the shortlist.</summary>
/// <param name="AssetId">The listing's id.</param>
/// <param name="LocationId">The venue to show (the listing's first venue when left out).</param>
public sealed record ShortlistItemRequest(Guid AssetId, Guid? LocationId = null);

/// <summary>A shortlist to hand to someone.</summary>
/// <param name="Items">The listings, in the order to show them (1 to 20).</param>
/// <param name="Note">A short note for the person (at most 500 characters, no personal data).</param>
/// <param name="ExpiresInDays">1 to 365; 90 when left out.</param>
public sealed record ShortlistRequest(IReadOnlyList<ShortlistItemRequest>? Items, string? Note = null, int? ExpiresInDays = null);

/// <summary>The shortlist just made.</summary>
/// <param name="ExpiresAt">When the shortlist stops answering.</param>
/// <param name="Url">The shortlist as JSON (GET /api/v1/shortlists/{token}).</param>
/// <param name="Token">The shortlist's only key (256 random bits); it is shown once and only its hash is kept.</param>
/// <param name="PageUrl">The printable page to hand over.</param>
/// <param name="Warnings">One per listing the person may not be able to join: closed, or not taking new members just now.</param>
public sealed record CreatedShortlist(string Token, DateTimeOffset ExpiresAt, string PageUrl, string Url, IReadOnlyList<ShortlistWarning> Warnings);

/// <summary>A listing on a new shortlist the person may not be able to join.</summary>
/// <param name="Item">The item's index in the request.</param>
/// <param name="AssetId">The listing's id.</param>
/// <param name="Warning">Why, in plain words.</param>
public sealed record ShortlistWarning(int Item, Guid AssetId, string Warning);

/// <summary>Where to go.</summary>
/// <param name="Name">The venue's name.</param>
/// <param name="Address1">The first address line, when recorded.</param>
/// <param name="Address2">The second address line, when recorded.</param>
/// <param name="Town">The town, when recorded.</param>
/// <param name="Postcode">The postcode.</param>
/// <param name="Latitude">WGS84 latitude.</param>
/// <param name="Longitude">WGS84 longitude.</param>
public sealed record ShortlistVenue(string Name, string? Address1, string? Address2, string? Town, string Postcode, double Latitude, double Longitude);

/// <summary>Whom to contact about the group.</summary>
/// <param name="Name">The contact's name, when published.</param>
/// <param name="Role">The contact's role, e.g. Group leader.</param>
/// <param name="Phone">A phone number, when published.</param>
/// <param name="Email">An email address, when published.</param>
public sealed record ShortlistContact(string? Name, string? Role, string? Phone, string? Email);

/// <summary>One group on a shortlist: everything a person needs to go along, in plain words.</summary>
/// <param name="Id">The listing's id.</param>
/// <param name="Name">The group's name.</param>
/// <param name="Summary">One or two sentences about it, when written.</param>
/// <param name="Description">A longer description, when written.</param>
/// <param name="Organisation">The name of the organisation that runs it.</param>
/// <param name="Status">Whether it is running (a closed group stays on the list, marked).</param>
/// <param name="Venue">Where to go; null for a group with no venue.</param>
/// <param name="HowToGetThere">Directions in words (or how to join online or by phone).</param>
/// <param name="NextSessions">The next few sessions, local time with offset (Europe/London).</param>
/// <param name="When">The schedule in words.</param>
/// <param name="Cost">The cost in words.</param>
/// <param name="IsFree">true when every cost is free.</param>
/// <param name="Contacts">Whom to contact.</param>
/// <param name="Website">Its website, when recorded.</param>
/// <param name="HowToJoin">How a newcomer joins.</param>
/// <param name="Joining">How to join, in plain words.</param>
/// <param name="WhatToExpect">What to expect the first time, when written.</param>
/// <param name="CompanionsWelcome">true: the person may bring a friend or carer.</param>
/// <param name="Accessibility">Accessibility features, by name.</param>
/// <param name="AcceptingNewMembers">false while it is full.</param>
public sealed record ShortlistEntry(
    Guid Id, string Name, string? Summary, string? Description, string Organisation, AssetStatus Status, ShortlistVenue? Venue,
    string HowToGetThere, IReadOnlyList<Session> NextSessions, string When, string Cost, bool IsFree, IReadOnlyList<ShortlistContact> Contacts,
    string? Website, HowToJoin HowToJoin, string Joining, string? WhatToExpect, bool CompanionsWelcome, IReadOnlyList<string> Accessibility,
    bool AcceptingNewMembers);

/// <summary>A shortlist as the person sees it.</summary>
/// <param name="Note">The practitioner's note, when written.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ExpiresAt">When it stops answering.</param>
/// <param name="Items">The groups, in the order chosen.</param>
/// <param name="NoLongerListed">How many groups were removed from the directory since the shortlist was made.</param>
/// <param name="Attribution">The data's source and licence.</param>
public sealed record ShortlistView(string? Note, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, IReadOnlyList<ShortlistEntry> Items,
    int NoLongerListed, string Attribution);

/// <summary>Shortlists a practitioner hands to someone: JSON for apps and a printable page (see <see cref="ShortlistPage"/>).</summary>
public static class ShortlistEndpoints
{
    public const int MaxItems = 10;
    public const int DefaultExpiryDays = 90;

    public static WebApplication MapShortlists(this WebApplication app)
    {
        app.MapResource("/api/v1/shortlists").MapPost("", Create).WithTags("Signposting").WithName("CreateShortlist")
            .WithSummary("Make a shortlist of up to 10 listings to hand to someone; returns its token and printable page")
            .RequireAuthorization(AuthSetup.PrescriberPolicy)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapResource("/api/v1/shortlists").MapGet("/{token}", Get).WithTags("Signposting").WithName("GetShortlist")
            .WithSummary("A shortlist by its token (no key needed: the token is the key)")
            .AllowAnonymous().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/s/{token}", Page).WithTags("Signposting").WithName("ShortlistPage")
            .WithSummary("A shortlist as an accessible, printable HTML page that needs nothing from the internet")
            .AllowAnonymous().Produces<string>(StatusCodes.Status200OK, "text/html").Produces<Microsoft.AspNetCore.Mvc.ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json", "text/html");
        return app;
    }

    internal static async Task<Results<Created<CreatedShortlist>, ValidationProblem, ProblemHttpResult>> Create(
        ShortlistRequest body, DirectoryDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        if (user.Team() is not { } team)
        {
            return SignpostEndpoints.NoTeam("Shortlists");
        }
        var v = new Validation();
        var items = body.Items ?? [];
        if (items.Count is 0 or > MaxItems) v.Add("items", $"give between 1 and {MaxItems} listings.");
        if (items.Select(i => i.AssetId).Distinct().Count() != items.Count) v.Add("items", "lists a listing more than once.");
        var note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim();
        if (note is { Length: > 500 }) v.Add("note", "must be at most 500 characters.");
        else if (note is not null && PersonalDataGuard.Check(note) is { } problem) v.Add("note", problem);
        if (body.ExpiresInDays is < 1 or > 365) v.Add("expires_in_days", "must be between 1 and 365.");
        if (!v.IsValid) return Problems.Invalid(v);

        var ids = items.Select(i => i.AssetId).ToList();
        var venues = await db.AssetLocations.AsNoTracking().Where(l => ids.Contains(l.AssetId)).Select(l => new { l.AssetId, l.LocationId }).ToListAsync(ct);
        var live = await db.Assets.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Status, a.AcceptingNewMembers })
            .ToDictionaryAsync(a => a.Id, ct);
        var warnings = new List<ShortlistWarning>();
        for (var i = 0; i < items.Count; i++)
        {
            if (!live.TryGetValue(items[i].AssetId, out var asset)) v.Add($"items[{i}].asset_id", "is not a listing in the directory.");
            else if (Warning(asset.Status, asset.AcceptingNewMembers) is { } warning) warnings.Add(new ShortlistWarning(i, asset.Id, warning));
            else if (items[i].LocationId is { } venue && !venues.Any(x => x.AssetId == items[i].AssetId && x.LocationId == venue))
                v.Add($"items[{i}].location_id", "is not a venue of this listing.");
        }
        if (!v.IsValid) return Problems.Invalid(v);

        var token = Secrets.NewToken();
        var now = clock.GetUtcNow();
        var shortlist = new Shortlist
        {
            Id = Guid.CreateVersion7(), TokenHash = Secrets.Hash(token), Team = team, CreatedBy = user.Actor(), Note = note, CreatedAt = now,
            ExpiresAt = now.AddDays(body.ExpiresInDays ?? DefaultExpiryDays),
            Items = [.. items.Select((item, i) => new ShortlistItem
            {
                Id = Guid.CreateVersion7(), Position = i, AssetId = item.AssetId,
                LocationId = item.LocationId ?? venues.Where(x => x.AssetId == item.AssetId).Select(x => (Guid?)x.LocationId).FirstOrDefault(),
            })],
        };
        db.Shortlists.Add(shortlist);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/shortlists/{token}", new CreatedShortlist(token, shortlist.ExpiresAt, $"/s/{token}", $"/api/v1/shortlists/{token}", warnings));
    }

    /// <summary>Why a person might not be able to join, told to the link worker while they can still pick another group.</summary>
    private static string? Warning(AssetStatus status, bool accepting) => status switch
    {
        AssetStatus.Closed => "This group has closed.",
        AssetStatus.TemporarilyClosed => "This group is closed for now.",
        _ when !accepting => "This group isn't taking new members just now: ask about a waiting list.",
        _ => null,
    };

    /// <param name="token">The token the shortlist was created with.</param>
    private static async Task<Results<Ok<ShortlistView>, ProblemHttpResult>> Get(string token, DirectoryDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        NoStore(http);
        var view = await LoadAsync(token, db, clock, ct);
        return view is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Shortlist not found",
                detail: "There is no shortlist with this token, or it has expired. Ask your link worker for a new one.")
            : TypedResults.Ok(view);
    }

    /// <param name="token">The token the shortlist was created with.</param>
    private static async Task<IResult> Page(string token, DirectoryDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        NoStore(http);
        ShortlistPage.Secure(http.Response);
        var view = await LoadAsync(token, db, clock, ct);
        if (view is not null) return TypedResults.Text(ShortlistPage.Render(view), "text/html; charset=utf-8", Encoding.UTF8);
        // A person in a browser gets a page that says what to do; a program gets a problem document.
        return http.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true)
            ? TypedResults.Text(ShortlistPage.NotFound(), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Shortlist not found",
                detail: "There is no shortlist with this token, or it has expired. Ask your link worker for a new one.");
    }

    /// <summary>The token is in the address: keep it out of shared caches, referrers and search engines.</summary>
    private static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
    }

    public static async Task<ShortlistView?> LoadAsync(string token, DirectoryDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (token.Length is < 22 or > 64) return null;
        var hash = Secrets.Hash(token);
        var now = clock.GetUtcNow();
        var shortlist = await db.Shortlists.AsNoTracking().Include(s => s.Items).FirstOrDefaultAsync(s => s.TokenHash == hash && s.ExpiresAt > now, ct);
        if (shortlist is null) return null;

        var ids = shortlist.Items.Select(i => i.AssetId).ToList();
        var assets = await db.Assets.AsNoTracking().Where(a => ids.Contains(a.Id)).WithDetails().ToDictionaryAsync(a => a.Id, ct);
        var entries = shortlist.Items.OrderBy(i => i.Position).Where(i => assets.ContainsKey(i.AssetId))
            .Select(i => Entry(assets[i.AssetId], i.LocationId, now)).ToList();
        return new ShortlistView(shortlist.Note, shortlist.CreatedAt, shortlist.ExpiresAt, entries, shortlist.Items.Count - entries.Count, Attribution.Text);
    }

    /// <summary>One listing as a person needs it before going, at the venue given (its first venue otherwise).</summary>
    public static ShortlistEntry Entry(Asset a, Guid? locationId, DateTimeOffset now)
    {
        var card = ListingCard.Of(a, a.Locations.Select(l => l.Location), locationId);
        var venue = card.Venue;
        return new ShortlistEntry(
            a.Id, a.Name, a.Summary, a.Description, a.Organisation.Name, a.Status,
            venue is null ? null : new ShortlistVenue(venue.Name, venue.Address1, venue.Address2, venue.Town, venue.Postcode, venue.Latitude, venue.Longitude),
            HowToGetThere(a, venue), card.IsOpen ? NextSessions(card.Schedules, now, 3) : [],
            card.ScheduleSummary ?? "No regular sessions listed: contact them for times.",
            card.CostSummary, card.IsFree,
            [.. a.Contacts.Select(c => new ShortlistContact(c.Name, c.Role, c.Phone, c.Email))], a.Website, a.HowToJoin,
            Joining(a.HowToJoin), string.IsNullOrWhiteSpace(a.NewcomerInfo) ? null : a.NewcomerInfo.Trim(), a.CompanionsWelcome,
            [.. card.Terms("accessibility").Select(t => t.Name)], a.AcceptingNewMembers);
    }

    /// <summary>The next few sessions after now.</summary>
    public static List<Session> NextSessions(IReadOnlyCollection<Schedule> schedules, DateTimeOffset now, int count)
    {
        var sessions = new List<Session>();
        var from = now;
        while (sessions.Count < count && ScheduleExpander.NextSession(schedules, from) is { } next)
        {
            sessions.Add(next);
            from = next.Start;
        }
        return sessions;
    }

    private static string HowToGetThere(Asset a, Location? venue)
    {
        if (venue is null)
        {
            return a.DeliveryModes.Contains("online") ? "Online: the group will send you the link when you get in touch."
                : a.DeliveryModes.Contains("phone") ? "By phone: no need to travel." : "Contact the group to ask where they meet.";
        }
        var street = string.Join(", ", new[] { venue.Address1, venue.Address2, venue.Town }.Where(p => !string.IsNullOrWhiteSpace(p)));
        return $"Go to {venue.Name}{(street.Length > 0 ? ", " + street : "")}. For a map, a taxi or a satnav, give the postcode {venue.Postcode}.";
    }

    /// <summary>How to join, in one line of its own: the listing's newcomer text is shown apart from it, never glued on.</summary>
    public static string Joining(HowToJoin howToJoin) => howToJoin switch
    {
        HowToJoin.DropIn => "You can just turn up.",
        HowToJoin.ContactFirst => "Get in touch with them before you go.",
        HowToJoin.Booking => "You need to book a place first.",
        HowToJoin.Referral => "You need a referral: your link worker can help.",
        _ => "Ask the group how to join.",
    };
}
