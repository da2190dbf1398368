using System.Globalization;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Search;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Features.Pages.PageLayout;

namespace ConnectingPeople.Directory.Api.Features.Pages;

/// <summary>The search form and its results, through the API's own parser and query (so both answer alike).</summary>
public static class SearchPages
{
    public const string ResultsPath = "/find/results";

    /// <summary>How the API names its parameters, and how the form labels them, for inline messages.</summary>
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["postcode"] = "Postcode", ["radius_km"] = "Distance", ["interests"] = "Interests", ["day"] = "Days", ["time"] = "Time of day",
        ["accessibility"] = "Access needs", ["audience"] = "Who it is for", ["page"] = "Page",
    };

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/", async (HttpContext http, PageSessions sessions, DirectoryDbContext db, CancellationToken ct) =>
        {
            var form = SearchForm.From(http.Request.Query);
            var terms = await SearchForm.TermsAsync(db, ct);
            return Page(http, "Find groups near someone", await sessions.UserAsync(http), html =>
            {
                html.Element("h1", "Find groups near someone")
                    .Paragraph("Local groups, clubs and activities: search by postcode, then narrow it down by what they enjoy, when they are free and what they need.");
                form.Render(html, terms, null);
            });
        });
        pages.MapGet("/results", ResultsAsync);
    }

    private static async Task<IResult> ResultsAsync(HttpContext http, PageSessions sessions, SearchRequestParser parser, SearchRunner runner,
        DirectoryDbContext db, CancellationToken ct)
    {
        var user = await sessions.UserAsync(http);
        var form = SearchForm.From(http.Request.Query);
        var errors = new FormErrors();
        if (form.Postcode is null) errors.Add("postcode", "Enter a postcode, for example S1 2HE");
        var parameters = form.ToParameters(errors);
        SearchRequestParser.Result? parsed = null;
        if (!errors.Any)
        {
            parsed = await parser.ParseAsync(parameters, null, ct);
            if (parsed.UnknownPostcode) errors.Add("postcode", "We cannot find this postcode, its sector or its district: check it and try again");
            foreach (var (field, messages) in parsed.Validation.ToDictionary())
            {
                foreach (var message in messages) errors.Add(Labels.ContainsKey(field) ? field : "postcode", Sentence(Labels.GetValueOrDefault(field, field), message));
            }
        }
        SearchResponse? response = null;
        if (!errors.Any && parsed?.Request is { } request)
        {
            var (found, problem) = await runner.RunAsync(request, http, ct);
            if (problem is not null) errors.Add("page", "There is no such page of results: start from the first page");
            response = found;
        }
        if (errors.Any || response is null)
        {
            var terms = await SearchForm.TermsAsync(db, ct);
            return Page(http, "Find groups near someone", user, html =>
            {
                html.Element("h1", "Find groups near someone");
                form.Render(html, terms, errors);
            }, errors, errors.For("postcode") is not null && parsed?.UnknownPostcode == true ? 404 : 400);
        }

        var facts = await ListingFacts.ForAsync(db, response.Contents.Select(r => r.Id), ct);
        var nearest = response.TotalItems == 0 ? await NearestBeyondAsync(runner, parsed!.Request!, http, ct) : null;
        return Page(http, "Search results", user, html => SearchResultsView.Render(html, http, form, response, facts, nearest, user));
    }

    /// <summary>
    /// Nothing within the distance: the nearest match, found by the same search asking for the one nearest. The page
    /// names and links that listing, which the API's nearest_beyond_m (a distance only) does not.
    /// </summary>
    private static async Task<SearchResult?> NearestBeyondAsync(SearchRunner runner, SearchRequest request, HttpContext http, CancellationToken ct)
    {
        if (request.Origin is null) return null;
        var (response, _) = await runner.RunAsync(request with { Nearest = 1, Page = request.Page with { Number = 1, Size = 1 } }, http, ct);
        return response?.Contents.FirstOrDefault(r => r.DistanceM is not null);
    }

    /// <summary>The API's message after the field's label, as the NHS.UK pattern writes errors (no closing full stop).</summary>
    private static string Sentence(string label, string message)
    {
        var text = message.TrimEnd('.');
        return text.StartsWith("is ", StringComparison.Ordinal) || text.StartsWith("must ", StringComparison.Ordinal) ? $"{label} {text}" : $"{label}: {text}";
    }

    public static string Distance(double metres) =>
        metres < 100 ? "Less than 0.1 km away" : $"{(metres / 1000).ToString("0.0", CultureInfo.InvariantCulture)} km away";
}

/// <summary>What the search results do not carry but the pages show (whether someone can come along): read from the listings.</summary>
public sealed record ListingFacts(bool CompanionsWelcome)
{
    public static async Task<Dictionary<Guid, ListingFacts>> ForAsync(DirectoryDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.ToList();
        return await db.Assets.AsNoTracking().Where(a => list.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => new ListingFacts(a.CompanionsWelcome), ct);
    }
}
