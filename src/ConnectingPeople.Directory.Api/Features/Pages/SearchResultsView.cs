using System.Globalization;
using ConnectingPeople.Directory.Api.Features.Search;
using static ConnectingPeople.Directory.Api.Features.Pages.PageLayout;

namespace ConnectingPeople.Directory.Api.Features.Pages;

/// <summary>A page of search results: the count, each group with what a link worker checks first, paging and downloads.</summary>
public static class SearchResultsView
{
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    public static void Render(Html html, HttpContext http, SearchForm form, SearchResponse response, Dictionary<Guid, ListingFacts> facts,
        SearchResult? nearest, PageUser? user)
    {
        var place = response.Origin?.Postcode ?? form.Postcode;
        var groups = response.TotalItems == 1 ? "1 group" : $"{response.TotalItems} groups";
        html.Element("h1", response.TotalItems == 0 ? $"No groups found within {form.RadiusKm} km of {place}" : $"{groups} within {form.RadiusKm} km of {place}");
        if (response.Origin?.Source is OriginSource.Sector or OriginSource.District)
            html.Paragraph($"We do not know that exact postcode, so distances are measured from the middle of {place}.", "nhsuk-body nhsuk-u-font-weight-bold");
        html.Open("p", ("class", "nhsuk-body")).Link("/find?" + form.Query(), "Change the search").Close("p");

        if (response.TotalItems == 0)
        {
            html.Raw("<div class=\"nhsuk-inset-text\"><span class=\"nhsuk-u-visually-hidden\">Information: </span>");
            if (nearest is { DistanceM: { } metres })
            {
                html.Open("p").Text($"Nothing within {form.RadiusKm} km matches this search. The nearest that does is {SearchPages.Distance(metres).Replace(" away", "")} away: ")
                    .Link(ListingPages.PathFor(nearest.Id, http), nearest.Name).Text(".").Close("p");
            }
            else html.Paragraph("Nothing matches this search at any distance. Try fewer choices.");
            html.Raw("</div>");
        }

        var back = http.Request.Path + http.Request.QueryString;
        html.Raw("<ul class=\"nhsuk-list\">");
        foreach (var r in response.Contents) Result(html, http, r, facts.GetValueOrDefault(r.Id), user, back);
        html.Raw("</ul>");
        Pagination(html, form, response);
        if (response.TotalItems > 0)
        {
            html.Element("h2", "Download these results", ("class", "nhsuk-heading-s"))
                .Raw("<ul class=\"nhsuk-list\"><li>").Link("/api/v1/search?" + form.Query(api: true) + "&format=csv", "This page as a spreadsheet (CSV)")
                .Raw("</li><li>").Link("/api/v1/search?" + form.Query(api: true) + "&format=geojson", "This page as map data (GeoJSON)").Raw("</li></ul>");
        }
    }

    private static void Result(Html html, HttpContext http, SearchResult r, ListingFacts? facts, PageUser? user, string back)
    {
        html.Raw("<li class=\"app-result\">")
            .Raw("<h2 class=\"nhsuk-heading-m\">").Link(ListingPages.PathFor(r.Id, http, back), r.Name, "nhsuk-link").Raw("</h2>");
        if (!r.AcceptingNewMembers) html.Raw("<p><strong class=\"nhsuk-tag nhsuk-tag--orange\">Not taking new members just now</strong></p>");
        if (r.Status != Data.Entities.AssetStatus.Active) html.Raw("<p><strong class=\"nhsuk-tag nhsuk-tag--red\">Closed for now: check before going</strong></p>");
        html.Paragraph(r.Summary);
        html.Raw("<dl class=\"nhsuk-summary-list\">");
        Row(html, "Distance", r.DistanceM is { } d ? SearchPages.Distance(d) + (r.Venue is { } v ? $", at {v.Name}" : "") : "Covers this area (by phone or online)");
        Row(html, "Next session", r.NextSession is { } s ? Session(s.Start, s.End) : "No upcoming session listed");
        Row(html, "When", r.ScheduleSummary);
        Row(html, "Cost", r.CostSummary);
        Row(html, "Access", r.Accessibility.Count == 0 ? "Not stated: ask the group" : string.Join(", ", r.Accessibility.Select(a => a.Name)));
        if (facts is not null) Row(html, "Bringing someone", facts.CompanionsWelcome ? "Welcome to bring a friend, family member or carer" : "Ask the group first");
        html.Raw("</dl>");
        ShortlistPages.AddButton(html, http, r.Id, r.Name, user, back);
        html.Raw("</li>");
    }

    private static void Pagination(Html html, SearchForm form, SearchResponse response)
    {
        if (response.TotalPages <= 1) return;
        html.Raw("<nav class=\"nhsuk-pagination\" role=\"navigation\" aria-label=\"Pagination\"><ul class=\"nhsuk-list nhsuk-pagination__list\">");
        if (!response.FirstPage) Link(html, "prev", "Previous", form, response.PageNumber - 1, response.TotalPages);
        if (!response.LastPage) Link(html, "next", "Next", form, response.PageNumber + 1, response.TotalPages);
        html.Raw("</ul></nav>");
    }

    private static void Link(Html html, string rel, string title, SearchForm form, int page, int pages)
    {
        html.Open("li", ("class", rel == "prev" ? "nhsuk-pagination-item--previous" : "nhsuk-pagination-item--next"))
            .Open("a", ("class", $"nhsuk-pagination__link nhsuk-pagination__link--{rel}"), ("href", SearchPages.ResultsPath + "?" + form.Query(page: page)), ("rel", rel))
            .Raw("<span class=\"nhsuk-pagination__title\">").Text(title).Raw("<span class=\"nhsuk-u-visually-hidden\"> page</span></span>")
            .Raw("<span class=\"nhsuk-u-visually-hidden\">:</span>")
            .Element("span", $"Page {page} of {pages}", ("class", "nhsuk-pagination__page"))
            .Raw("</a></li>");
    }

    public static string Session(DateTimeOffset start, DateTimeOffset end) =>
        $"{start.ToString("dddd d MMMM", English)}, {start.ToString("h:mmtt", English).ToLowerInvariant()} to {end.ToString("h:mmtt", English).ToLowerInvariant()}";
}
