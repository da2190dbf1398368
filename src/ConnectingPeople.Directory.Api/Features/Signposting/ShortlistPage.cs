using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using ConnectingPeople.Directory.Api.Data.Entities;

namespace ConnectingPeople.Directory.Api.Features.Signposting;

/// <summary>
/// The shortlist as a page to read on any browser or print: large type, plain words, one section per group, and
/// nothing fetched from anywhere (no scripts, fonts, images or map tiles), so a saved or printed copy is complete.
/// </summary>
public static class ShortlistPage
{
    /// <summary>The invariant culture names days and months in English (the service runs in invariant-globalization mode).</summary>
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    private const string Css = """
        html { font-family: Arial, Helvetica, sans-serif; font-size: 125%; line-height: 1.5; color: #0b0c0c; background: #ffffff; }
        body { margin: 0 auto; max-width: 46rem; padding: 1rem; }
        h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 1rem; }
        h2 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 0.5rem; }
        .note { border-left: 0.3rem solid #1d70b8; padding: 0.5rem 1rem; background: #f3f2f1; }
        .group { border-top: 0.2rem solid #0b0c0c; padding: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
        dl { margin: 0; }
        dt { font-weight: bold; margin-top: 0.75rem; }
        dd { margin: 0; }
        ul { margin: 0; padding-left: 1.25rem; }
        .closed { font-weight: bold; color: #942514; }
        footer { border-top: 0.1rem solid #b1b4b6; margin-top: 2rem; padding-top: 0.5rem; font-size: 0.8rem; color: #505a5f; }
        a { color: #1d70b8; }
        @media print {
          html { font-size: 14pt; line-height: 1.35; }
          body { max-width: none; padding: 0; }
          h1 { font-size: 1.6rem; margin-bottom: 0.5rem; }
          h2 { font-size: 1.3rem; }
          .group { padding: 0.5rem 0; }
          dl { display: grid; grid-template-columns: 8.5rem 1fr; column-gap: 1rem; }
          dt { grid-column: 1; margin-top: 0.4rem; }
          dd { grid-column: 2; margin-top: 0.4rem; }
          dd p { margin: 0 0 0.3rem; }
          .note { background: none; }
          a { color: #0b0c0c; text-decoration: none; }
          footer { color: #0b0c0c; }
        }
        """;

    /// <summary>The content security policy: only the page's own inline style (by hash), nothing else, and no framing.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'; "
        + "img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XFrameOptions = "DENY";
        response.Headers.XContentTypeOptions = "nosniff";
    }

    public static string Render(ShortlistView list)
    {
        var html = new StringBuilder();
        Open(html, "Groups to try");
        html.Append("<header><h1>Groups to try</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p>{list.Items.Count} {(list.Items.Count == 1 ? "group" : "groups")} chosen with you. ");
        html.Append(CultureInfo.InvariantCulture, $"This list can be opened until {E(list.ExpiresAt.ToString("d MMMM yyyy", English))}.</p>");
        if (list.Note is { } note) html.Append("<div class=\"note\"><h2>A note for you</h2><p>").Append(E(note)).Append("</p></div>");
        html.Append("</header><main>");
        foreach (var item in list.Items) Group(html, item);
        if (list.NoLongerListed > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{list.NoLongerListed} other {(list.NoLongerListed == 1 ? "group" : "groups")} on this list ");
            html.Append("no longer appear in the directory. Ask your link worker about other groups.</p>");
        }
        html.Append("</main><footer><p>From ConnectingPeople.Directory. Times and details can change: check with the group before you go.</p><p>")
            .Append(E(list.Attribution)).Append("</p></footer>");
        return Close(html);
    }

    public static string NotFound()
    {
        var html = new StringBuilder();
        Open(html, "Shortlist not found");
        html.Append("<main><h1>Shortlist not found</h1><p>This list does not exist or has expired. Ask your link worker for a new one.</p></main>");
        return Close(html);
    }

    private static void Group(StringBuilder html, ShortlistEntry g)
    {
        html.Append("<section class=\"group\"><h2>").Append(E(g.Name)).Append("</h2>");
        if (g.Status != AssetStatus.Active)
        {
            html.Append("<p class=\"closed\">").Append(g.Status == AssetStatus.Closed ? "This group has closed." : "This group is closed for now: check before you go.")
                .Append("</p>");
        }
        else if (!g.AcceptingNewMembers)
        {
            html.Append("<p class=\"closed\">This group isn't taking new members just now. Ask them about a waiting list.</p>");
        }
        html.Append("<dl>");
        // A description that opens with the summary says it again: show it alone.
        var repeats = g.Summary is { } summary && g.Description is { } description
            && description.StartsWith(summary.TrimEnd('.', ' '), StringComparison.OrdinalIgnoreCase);
        Item(html, "What it is", (repeats ? g.Description : g.Summary ?? g.Description) ?? $"A group run by {g.Organisation}.");
        if (!repeats && g.Summary is not null && g.Description is not null) html.Append("<dd>").Append(E(g.Description)).Append("</dd>");
        Item(html, "Run by", g.Organisation);
        if (g.Venue is { } v)
        {
            // The venue once: its name, then the address lines that do not repeat it, then the postcode to give a taxi or satnav.
            var address = new[] { v.Name, v.Address1, v.Address2, v.Town, v.Postcode }.Where(p => !string.IsNullOrWhiteSpace(p))
                .Select(p => p!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Select(E);
            html.Append("<dt>Where</dt><dd>").Append(string.Join("<br>", address))
                .Append("<p>For a map, a taxi or a satnav, give the postcode ").Append(E(v.Postcode)).Append(".</p></dd>");
        }
        else Item(html, "How to get there", g.HowToGetThere);
        html.Append("<dt>When</dt><dd>").Append(E(g.When)).Append("</dd>");
        if (g.NextSessions.Count > 0)
        {
            html.Append("<dt>Next sessions</dt><dd><ul>");
            foreach (var s in g.NextSessions)
            {
                // The same 24-hour style as the timetable above it ("Every Tuesday, 10:00 to 12:00").
                html.Append("<li>").Append(E($"{s.Start.ToString("dddd d MMMM", English)}, {s.Start.ToString("HH:mm", English)} to {s.End.ToString("HH:mm", English)}"))
                    .Append("</li>");
            }
            html.Append("</ul></dd>");
        }
        Item(html, "Cost", g.Cost);
        Item(html, "How to join", g.Joining);
        if (g.WhatToExpect is { } expect) Item(html, "What to expect the first time", expect);
        Item(html, "Can I bring someone?", g.CompanionsWelcome
            ? "Yes: you are welcome to bring a friend, family member or carer."
            : "Ask the group first if you would like to bring someone.");
        if (g.Accessibility.Count > 0) Item(html, "Access", string.Join(", ", g.Accessibility));
        html.Append("<dt>Who to contact</dt><dd>");
        var contacts = g.Contacts.Where(c => c.Phone is not null || c.Email is not null).ToList();
        if (contacts.Count == 0 && g.Website is null) html.Append("Ask your link worker how to get in touch.");
        foreach (var c in contacts)
        {
            var who = string.Join(", ", new[] { c.Name, c.Role }.Where(p => !string.IsNullOrWhiteSpace(p)));
            html.Append("<p>");
            if (who.Length > 0) html.Append(E(who)).Append("<br>");
            if (c.Phone is { } phone) html.Append("Phone: ").Append(Link("tel:" + TelNumber(phone), phone)).Append("<br>");
            if (c.Email is { } email) html.Append("Email: ").Append(Link("mailto:" + email.Trim(), email));
            html.Append("</p>");
        }
        if (g.Website is { } site) html.Append("<p>Website: ").Append(WebAddress(site) is { } url ? Link(url, site) : E(site)).Append("</p>");
        html.Append("</dd></dl></section>");
    }

    /// <summary>A link a phone can act on: tap to call, to write, or to open the website.</summary>
    private static string Link(string href, string text) => $"<a href=\"{E(href)}\">{E(text)}</a>";

    /// <summary>A tel: URI keeps only digits and a leading +: "0114 496 8057" becomes tel:01144968057.</summary>
    private static string TelNumber(string phone) =>
        (phone.TrimStart().StartsWith('+') ? "+" : "") + new string([.. phone.Where(char.IsAsciiDigit)]);

    /// <summary>Only http(s) addresses become links (never javascript: or data:); an address without a scheme gets https.</summary>
    private static string? WebAddress(string site)
    {
        var text = site.Trim();
        if (!text.Contains("://", StringComparison.Ordinal)) text = "https://" + text;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri : null;
    }

    private static void Item(StringBuilder html, string term, string text) =>
        html.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(E(text)).Append("</dd>");

    private static void Open(StringBuilder html, string title) =>
        html.Append("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex, nofollow\">")
            .Append("<title>").Append(E(title)).Append(" - ConnectingPeople.Directory</title><style>").Append(Css).Append("</style></head><body>");

    private static string Close(StringBuilder html) => html.Append("</body></html>").ToString();

    /// <summary>Escapes markup but leaves letters and symbols such as £ readable in the source.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string E(string text) => Encoder.Encode(text);
}
