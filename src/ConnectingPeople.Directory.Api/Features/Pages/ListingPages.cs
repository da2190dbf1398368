using System.Globalization;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Assets;
using ConnectingPeople.Directory.Api.Features.Curation;
using ConnectingPeople.Directory.Api.Features.Signposting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Features.Pages.PageLayout;

namespace ConnectingPeople.Directory.Api.Features.Pages;

/// <summary>One listing with everything a person needs before going (as the printable shortlist tells it), and "report a problem".</summary>
public static class ListingPages
{
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    private static readonly (FeedbackKind Kind, string Label)[] Problems =
    [
        (FeedbackKind.Closed, "It has closed or stopped meeting"), (FeedbackKind.Moved, "It meets somewhere else now"),
        (FeedbackKind.WrongTime, "The days or times are wrong"), (FeedbackKind.WrongContact, "The contact details are wrong"),
        (FeedbackKind.Other, "Something else"),
    ];

    public static string PathFor(Guid id, HttpContext http, string? back = null) =>
        $"/find/listing/{id}{(back is null ? "" : "?back=" + Uri.EscapeDataString(back))}";

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/listing/{id:guid}", async (Guid id, string? back, HttpContext http, PageSessions sessions, DirectoryDbContext db, TimeProvider clock,
            CancellationToken ct) => await ShowAsync(id, PagesSetup.LocalReturn(back, "/find"), http, await sessions.UserAsync(http), db, clock, null, null, ct));
        pages.MapPost("/listing/{id:guid}/report", ReportAsync).WithName("PagesReportProblem").RequireRateLimiting(FeedbackEndpoints.RateLimitPolicy);
    }

    private static async Task<IResult> ReportAsync(Guid id, HttpContext http, PageSessions sessions, DirectoryDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var user = await sessions.UserAsync(http);
        var form = await PagesSetup.ReadFormAsync(http);
        if (form is null) return PagesSetup.Refused(http, user);
        var back = PagesSetup.LocalReturn(form["back"], "/find");
        var errors = new FormErrors();
        var message = form["message"].ToString();
        if (!Enum.TryParse<FeedbackKind>(form["kind"], out var kind) || !Enum.IsDefined(kind)) errors.Add("kind", "Choose what is wrong");
        else
        {
            // The same checks and write as POST /api/v1/feedback.
            var result = await FeedbackEndpoints.Report(new FeedbackRequest(id, kind, string.IsNullOrWhiteSpace(message) ? null : message), db, clock, ct);
            switch (result.Result)
            {
                case Created<FeedbackView>:
                    return Page(http, "Thank you", user, html => html
                        .Raw("<div class=\"nhsuk-panel\"><h1 class=\"nhsuk-panel__title\">Thank you</h1><div class=\"nhsuk-panel__body\">")
                        .Text("The people who keep this listing up to date will check it.").Raw("</div></div>")
                        .Open("p", ("class", "nhsuk-body")).Link(PathFor(id, http, back), "Back to the listing").Close("p"));
                case ValidationProblem invalid:
                    foreach (var (field, messages) in invalid.ProblemDetails.Errors) errors.Add(field, $"Details {messages[0].TrimEnd('.')}");
                    break;
                default:
                    return await ShowAsync(id, back, http, user, db, clock, null, null, ct);
            }
        }
        return await ShowAsync(id, back, http, user, db, clock, errors, (form["kind"].ToString(), message), ct);
    }

    private static async Task<IResult> ShowAsync(Guid id, string back, HttpContext http, PageUser? user, DirectoryDbContext db, TimeProvider clock,
        FormErrors? errors, (string Kind, string Message)? sent, CancellationToken ct)
    {
        var asset = await db.Assets.AsNoTracking().WithDetails().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (asset is null)
        {
            return Page(http, "Listing not found", user, html => html.Element("h1", "Listing not found")
                .Paragraph("This group is not in the directory, or has been removed.").Link("/find", "Start a new search"), status: 404);
        }
        var entry = ShortlistEndpoints.Entry(asset, null, clock.GetUtcNow());
        return Page(http, asset.Name, user, html =>
        {
            html.Link(back, "Back", "nhsuk-back-link");
            html.Element("h1", entry.Name, ("class", "app-break"));
            if (entry.Status != AssetStatus.Active)
                html.Raw("<p><strong class=\"nhsuk-tag nhsuk-tag--red\">").Text(entry.Status == AssetStatus.Closed ? "This group has closed" : "Closed for now: check before going").Raw("</strong></p>");
            if (!asset.AcceptingNewMembers) html.Raw("<p><strong class=\"nhsuk-tag nhsuk-tag--orange\">Not taking new members just now</strong></p>");
            Details(html, entry, asset);
            ShortlistPages.AddButton(html, http, asset.Id, asset.Name, user, http.Request.Path + http.Request.QueryString);
            ReportForm(html, http, asset, back, errors, sent);
        }, errors, errors?.Any == true ? 400 : 200);
    }

    private static void Details(Html html, ShortlistEntry e, Asset asset)
    {
        html.Raw("<dl class=\"nhsuk-summary-list\">");
        // A description that opens with the summary says it again: show it alone (as the printable shortlist does).
        var repeats = e.Summary is { } summary && e.Description is { } description
            && description.StartsWith(summary.TrimEnd('.', ' '), StringComparison.OrdinalIgnoreCase);
        var what = repeats ? e.Description : string.Join(" ", new[] { e.Summary, e.Description }.Where(t => !string.IsNullOrWhiteSpace(t)));
        Row(html, "What it is", string.IsNullOrWhiteSpace(what) ? $"A group run by {e.Organisation}." : what);
        Row(html, "Run by", e.Organisation);
        if (e.Venue is { } v)
        {
            RowWith(html, "Where", h =>
            {
                var lines = new[] { v.Name, v.Address1, v.Address2, v.Town, v.Postcode }.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct().ToList();
                for (var i = 0; i < lines.Count; i++) h.Text(lines[i]).Raw(i < lines.Count - 1 ? "<br>" : "");
            });
        }
        var others = asset.Locations.Select(l => l.Location).Where(l => l.Name != e.Venue?.Name || l.Postcode != e.Venue?.Postcode).ToList();
        if (others.Count > 0) Row(html, "Also meets at", string.Join("; ", others.Select(l => $"{l.Name}, {l.Postcode}")));
        Row(html, "How to get there", e.HowToGetThere);
        Row(html, "When", e.When);
        if (e.NextSessions.Count > 0)
        {
            RowWith(html, "Next sessions", h =>
            {
                h.Raw("<ul class=\"nhsuk-list\">");
                foreach (var s in e.NextSessions) h.Element("li", SearchResultsView.Session(s.Start, s.End));
                h.Raw("</ul>");
            });
        }
        Row(html, "Cost", e.Cost);
        Row(html, "How to join", e.Joining);
        Row(html, "What to expect the first time", e.WhatToExpect);
        Row(html, "Bringing someone along", e.CompanionsWelcome ? "Yes: they are welcome to bring a friend, family member or carer." : "Ask the group first.");
        Row(html, "Access", e.Accessibility.Count > 0 ? string.Join(", ", e.Accessibility) : "Not stated: ask the group");
        RowWith(html, "Contact", h => Contacts(h, e));
        Row(html, "Last checked", asset.LastVerifiedAt is { } at ? at.ToString("d MMMM yyyy", English) : "Not checked yet: confirm details with the group");
        html.Raw("</dl>");
    }

    private static void Contacts(Html html, ShortlistEntry e)
    {
        var contacts = e.Contacts.Where(c => c.Phone is not null || c.Email is not null).ToList();
        if (contacts.Count == 0 && e.Website is null) html.Text("No contact details listed.");
        foreach (var c in contacts)
        {
            html.Raw("<p class=\"nhsuk-body app-break\">");
            var who = string.Join(", ", new[] { c.Name, c.Role }.Where(p => !string.IsNullOrWhiteSpace(p)));
            if (who.Length > 0) html.Text(who).Raw("<br>");
            if (c.Phone is { } phone) html.Text("Phone: ").Link("tel:" + new string([.. phone.Where(ch => char.IsDigit(ch) || ch == '+')]), phone).Raw("<br>");
            if (c.Email is { } email) html.Text("Email: ").Link("mailto:" + email, email);
            html.Raw("</p>");
        }
        if (e.Website is { } site && Uri.TryCreate(site, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            html.Raw("<p class=\"nhsuk-body app-break\">").Text("Website: ").Link(uri.ToString(), site).Raw("</p>");
    }

    private static void ReportForm(Html html, HttpContext http, Asset asset, string back, FormErrors? errors, (string Kind, string Message)? sent)
    {
        html.Raw("<details class=\"nhsuk-details\"").Raw(errors?.Any == true ? " open" : "")
            .Raw("><summary class=\"nhsuk-details__summary\"><span class=\"nhsuk-details__summary-text\">Report a problem with this listing</span></summary><div class=\"nhsuk-details__text\">")
            .Open("form", ("action", $"/find/listing/{asset.Id}/report"), ("method", "post"), ("novalidate", ""));
        Antiforgery(html, http);
        html.Open("input", ("type", "hidden"), ("name", "back"), ("value", back));
        Choices(html, "kind", "kind", "What is wrong?", Problems.Select(p => new Choice(p.Kind.ToString(), p.Label, sent?.Kind == p.Kind.ToString())), errors, radios: true, small: true);
        TextArea(html, "message", "message", "Details (optional unless you chose something else)", sent?.Message, errors,
            hint: "Do not include anyone's personal details.", maxLength: 1000);
        Button(html, "Send report", secondary: true);
        html.Raw("</form></div></details>");
    }
}
