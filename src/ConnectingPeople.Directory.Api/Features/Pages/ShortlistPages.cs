using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Curation;
using ConnectingPeople.Directory.Api.Features.Shared;
using ConnectingPeople.Directory.Api.Features.Signposting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Features.Pages.PageLayout;

namespace ConnectingPeople.Directory.Api.Features.Pages;

/// <summary>
/// The shortlist being built (held in an encrypted cookie until it is made), then made through the API's own shortlist
/// and signpost code: the note and reference meet the same personal-data guard, with its message shown by the field.
/// </summary>
public static class ShortlistPages
{
    public const string Path = "/find/shortlist";

    private static readonly (string Value, string Label)[] Supports =
    [
        ("", "Do not record a signpost"), (nameof(SignpostSupport.InformationOnly), "Record: information given"),
        (nameof(SignpostSupport.Introduced), "Record: introduced to the group"),
        (nameof(SignpostSupport.AccompaniedToFirstSession), "Record: going with them to the first session"),
    ];

    public static void Map(RouteGroupBuilder pages)
    {
        var shortlist = pages.MapGroup("/shortlist").RequireAuthorization(PageAuthenticationHandler.Policy);
        shortlist.MapGet("/", async (HttpContext http, PageSessions sessions, DirectoryDbContext db, CancellationToken ct) =>
            await ShowAsync(http, (await sessions.UserAsync(http))!, db, null, null, ct));
        shortlist.MapPost("/add", (HttpContext http, PageSessions sessions) => ChangeAsync(http, sessions, add: true));
        shortlist.MapPost("/remove", (HttpContext http, PageSessions sessions) => ChangeAsync(http, sessions, add: false));
        shortlist.MapPost("/", CreateAsync);
    }

    /// <summary>"Add to shortlist" for a signed-in link worker; a prompt to sign in otherwise.</summary>
    public static void AddButton(Html html, HttpContext http, Guid id, string name, PageUser? user, string back)
    {
        if (user is null)
        {
            html.Open("p", ("class", "nhsuk-body")).Link(SignInPages.SignInPath(http), "Sign in to add groups to a shortlist").Close("p");
            return;
        }
        if (user.Shortlist.Contains(id))
        {
            html.Open("p", ("class", "nhsuk-body")).Text("On your shortlist. ").Link(Path, "View shortlist").Close("p");
            return;
        }
        html.Open("form", ("class", "app-inline-form"), ("action", Path + "/add"), ("method", "post"));
        Antiforgery(html, http);
        html.Open("input", ("type", "hidden"), ("name", "asset_id"), ("value", id.ToString()))
            .Open("input", ("type", "hidden"), ("name", "back"), ("value", back))
            .Open("button", ("class", "nhsuk-button nhsuk-button--secondary nhsuk-button--small"), ("type", "submit"))
            .Text("Add to shortlist").Element("span", $": {name}", ("class", "nhsuk-u-visually-hidden")).Raw("</button></form>");
    }

    private static async Task<IResult> ChangeAsync(HttpContext http, PageSessions sessions, bool add)
    {
        var user = await sessions.UserAsync(http);
        var form = await PagesSetup.ReadFormAsync(http);
        if (form is null) return PagesSetup.Refused(http, user);
        if (user is null) return PagesSetup.SeeOther(SignInPages.Path);
        var list = user.Shortlist.ToList();
        if (Guid.TryParse(form["asset_id"], out var id))
        {
            if (!add) list.Remove(id);
            else if (!list.Contains(id) && list.Count < ShortlistEndpoints.MaxItems) list.Add(id);
        }
        sessions.SaveShortlist(http.Response, list);
        return PagesSetup.SeeOther(PagesSetup.LocalReturn(form["back"], Path));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, PageSessions sessions, DirectoryDbContext db, AuditLog audit, TimeProvider clock,
        CancellationToken ct)
    {
        var user = await sessions.UserAsync(http);
        var form = await PagesSetup.ReadFormAsync(http);
        if (form is null) return PagesSetup.Refused(http, user);
        if (user is null) return PagesSetup.SeeOther(SignInPages.Path);

        var note = form["note"].ToString();
        var reference = form["reference"].ToString().Trim();
        var supports = user.Shortlist.ToDictionary(id => id, id => Enum.TryParse<SignpostSupport>(form[$"signpost_{id}"], out var s) ? s : (SignpostSupport?)null);
        var errors = new FormErrors();
        if (user.Shortlist.Count == 0) errors.Add("note", "Add at least one group to the shortlist first");
        // Checked before anything is written, so a refused reference leaves no half-made shortlist behind.
        if (reference.Length > 0 && PersonalDataGuard.CheckReference(reference) is { } why) errors.Add("reference", $"Your reference {why.TrimEnd('.')}");
        if (errors.Any) return await ShowAsync(http, user, db, errors, (note, reference, supports), ct);

        var made = await ShortlistEndpoints.Create(new ShortlistRequest([.. user.Shortlist.Select(id => new ShortlistItemRequest(id))], note), db,
            user.Principal, clock, ct);
        if (made.Result is not Created<CreatedShortlist> { Value: { } shortlist })
        {
            if (made.Result is ValidationProblem invalid)
            {
                foreach (var (field, messages) in invalid.ProblemDetails.Errors)
                    errors.Add("note", field == "note" ? $"The note {messages[0].TrimEnd('.')}" : $"The shortlist {messages[0].TrimEnd('.')}");
            }
            else errors.Add("note", "The shortlist could not be made: sign in again with a prescriber key that names your team");
            return await ShowAsync(http, user, db, errors, (note, reference, supports), ct);
        }

        var recorded = 0;
        foreach (var (id, support) in supports)
        {
            if (support is null) continue;
            var signpost = await SignpostEndpoints.Create(new SignpostRequest(id, support, Reference: reference.Length > 0 ? reference : null), db, audit,
                user.Principal, http, clock, ct);
            if (signpost.Result is Created<SignpostView>) recorded++;
        }
        http.Response.Headers.Remove("ETag"); // set by the signpost code for its JSON answer; this page has none
        sessions.SaveShortlist(http.Response, []);
        var link = $"{http.Request.Scheme}://{http.Request.Host}{shortlist.PageUrl}";
        return Page(http, "Shortlist made", user, html =>
        {
            html.Raw("<div class=\"nhsuk-panel\"><h1 class=\"nhsuk-panel__title\">Shortlist made</h1><div class=\"nhsuk-panel__body\">")
                .Text($"It can be opened until {shortlist.ExpiresAt.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}.").Raw("</div></div>")
                .Open("p", ("class", "nhsuk-body")).Link(shortlist.PageUrl, "Open the shortlist to print or save").Close("p")
                .Paragraph("Or send them this link (anyone with it can open the list, so share it only with them):")
                .Element("p", link, ("class", "nhsuk-body app-break"), ("id", "shortlist-link"));
            if (recorded > 0) html.Paragraph(recorded == 1 ? "1 signpost recorded for your team." : $"{recorded} signposts recorded for your team.");
            html.Open("p", ("class", "nhsuk-body")).Link("/find", "Start a new search").Close("p");
        });
    }

    private static async Task<IResult> ShowAsync(HttpContext http, PageUser user, DirectoryDbContext db, FormErrors? errors,
        (string Note, string Reference, Dictionary<Guid, SignpostSupport?> Supports)? sent, CancellationToken ct)
    {
        var ids = user.Shortlist.ToList();
        var names = await db.Assets.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var items = ids.Where(names.ContainsKey).ToList();
        return Page(http, "Your shortlist", user, html =>
        {
            html.Element("h1", "Your shortlist");
            if (items.Count == 0)
            {
                html.Paragraph("There is nothing on your shortlist yet. Search for groups, then choose \"Add to shortlist\".").Link("/find", "Find groups");
                return;
            }
            html.Raw("<ul class=\"nhsuk-list nhsuk-list--border\">");
            foreach (var id in items)
            {
                html.Raw("<li>").Link(ListingPages.PathFor(id, http, Path), names[id]).Text(" ")
                    .Open("form", ("class", "app-inline-form"), ("action", Path + "/remove"), ("method", "post"));
                Antiforgery(html, http);
                html.Open("input", ("type", "hidden"), ("name", "asset_id"), ("value", id.ToString()))
                    .Open("button", ("class", "nhsuk-button nhsuk-button--secondary nhsuk-button--small"), ("type", "submit"))
                    .Text("Remove").Element("span", $": {names[id]}", ("class", "nhsuk-u-visually-hidden")).Raw("</button></form></li>");
            }
            html.Raw("</ul>");

            html.Open("form", ("action", Path), ("method", "post"), ("novalidate", ""));
            Antiforgery(html, http);
            TextArea(html, "note", "note", "A note for them (optional)", sent?.Note, errors,
                hint: "Printed at the top of the list. Do not include their name, address, phone number, email, date of birth or NHS number.");
            html.Element("h2", "Record signposting (optional)", ("class", "nhsuk-heading-s"))
                .Paragraph("For your team's figures: which group you pointed them to, and how. Nothing about the person is stored.", "nhsuk-hint");
            foreach (var id in items)
            {
                html.Raw("<div class=\"nhsuk-form-group\">")
                    .Element("label", names[id], ("class", "nhsuk-label"), ("for", $"signpost_{id}"))
                    .Open("select", ("class", "nhsuk-select"), ("id", $"signpost_{id}"), ("name", $"signpost_{id}"));
                var chosen = sent?.Supports.GetValueOrDefault(id)?.ToString() ?? "";
                foreach (var (value, label) in Supports) html.Element("option", label, ("value", value), ("selected", value == chosen ? "" : null));
                html.Raw("</select></div>");
            }
            TextInput(html, "reference", "reference", "Your case reference (optional)", sent?.Reference, errors,
                hint: "From your own case system, for example CASE-2041. Not a name, NHS number, postcode, phone number, email or date.",
                widthClass: "nhsuk-input--width-20", autocomplete: "off");
            Button(html, "Make the shortlist");
            html.Raw("</form>");
        }, errors, errors?.Any == true ? 400 : 200);
    }
}
