using System.Globalization;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Search;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Features.Pages.PageLayout;

namespace ConnectingPeople.Directory.Api.Features.Pages;

/// <summary>
/// The search form's fields, read from the query string (the form submits with GET, so a search is a link to share).
/// Field names are the API's own parameter names, with lists as repeated fields, so the same search downloads from
/// /api/v1/search unchanged.
/// </summary>
public sealed record SearchForm(
    string? Postcode, string RadiusKm, IReadOnlyList<string> Interests, IReadOnlyList<string> Days, string? Time, bool Free,
    IReadOnlyList<string> Accessibility, IReadOnlyList<string> Audience, bool AcceptingNewMembers, int Page)
{
    public const int PerPage = 10;
    public static readonly string[] Distances = ["1", "2", "3", "5", "10", "20"];
    public const string DefaultDistance = "3";

    public static SearchForm From(IQueryCollection query)
    {
        List<string> Many(string name) => [.. query[name].SelectMany(v => (v ?? "").Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct()];
        string? One(string name) => query[name].FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
        return new SearchForm(One("postcode"), One("radius_km") ?? DefaultDistance, Many("interests"), Many("day"), One("time"),
            One("free") == "true", Many("accessibility"), Many("audience"), One("accepting_new_members") == "true",
            int.TryParse(One("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1);
    }

    /// <summary>The API's parameters for this search (the parser checks them exactly as it checks a call to /api/v1/search).</summary>
    public SearchParameters ToParameters(FormErrors errors)
    {
        double? radius = double.TryParse(RadiusKm, NumberStyles.Float, CultureInfo.InvariantCulture, out var km) ? km : null;
        if (radius is null) errors.Add("radius_km", "Choose a distance");
        return new SearchParameters
        {
            Postcode = Postcode, RadiusKm = radius, Interests = Joined(Interests), Day = Joined(Days), Time = Time == "any" ? null : Time,
            Free = Free ? true : null, Accessibility = Joined(Accessibility), Audience = Joined(Audience),
            AcceptingNewMembers = AcceptingNewMembers ? true : null, Page = Page, PerPage = PerPage,
        };
    }

    /// <summary>This search as a query string, for the pages (<paramref name="api"/> false) or for /api/v1/search.</summary>
    public string Query(bool api = false, int? page = null)
    {
        var pairs = new List<(string, string)>();
        if (Postcode is not null) pairs.Add(("postcode", Postcode));
        pairs.Add(("radius_km", RadiusKm));
        void List(string name, IReadOnlyList<string> values)
        {
            if (values.Count == 0) return;
            if (api) pairs.Add((name, string.Join(',', values)));
            else pairs.AddRange(values.Select(v => (name, v)));
        }
        List("interests", Interests);
        List("day", Days);
        if (Time is not null and not "any") pairs.Add(("time", Time));
        if (Free) pairs.Add(("free", "true"));
        List("accessibility", Accessibility);
        List("audience", Audience);
        if (AcceptingNewMembers) pairs.Add(("accepting_new_members", "true"));
        if ((page ?? Page) > 1 || api) pairs.Add(("page", (page ?? Page).ToString(CultureInfo.InvariantCulture)));
        if (api) pairs.Add(("per_page", PerPage.ToString(CultureInfo.InvariantCulture)));
        return string.Join('&', pairs.Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
    }

    private static string? Joined(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(',', values);

    public sealed record Term(string Code, string Name, string Vocabulary, string Path);

    public static Task<List<Term>> TermsAsync(DirectoryDbContext db, CancellationToken ct) =>
        db.TaxonomyTerms.AsNoTracking().Where(t => t.Vocabulary.Code != "kinds").OrderBy(t => t.Path)
            .Select(t => new Term(t.Code, t.Name, t.Vocabulary.Code, t.Path)).ToListAsync(ct);

    private static readonly (string Code, string Name)[] Weekdays =
        [("mon", "Monday"), ("tue", "Tuesday"), ("wed", "Wednesday"), ("thu", "Thursday"), ("fri", "Friday"), ("sat", "Saturday"), ("sun", "Sunday")];

    public void Render(Html html, List<Term> terms, FormErrors? errors)
    {
        html.Open("form", ("action", SearchPages.ResultsPath), ("method", "get"), ("novalidate", ""));
        TextInput(html, "postcode", "postcode", "Postcode", Postcode, errors, hint: "The person's postcode, or just its first part, for example S1 2HE or S1",
            widthClass: "nhsuk-input--width-10", autocomplete: "postal-code");
        html.Raw("<div class=\"nhsuk-form-group\">")
            .Element("label", "How far they can travel", ("class", "nhsuk-label nhsuk-label--s"), ("for", "radius_km"))
            .Open("select", ("class", "nhsuk-select"), ("id", "radius_km"), ("name", "radius_km"));
        foreach (var d in Distances) html.Element("option", $"Within {d} km", ("value", d), ("selected", d == RadiusKm ? "" : null));
        html.Raw("</select></div>");

        var interests = terms.Where(t => t.Vocabulary == "interests").ToList();
        html.Raw("<details class=\"nhsuk-details\"").Raw(Interests.Count > 0 || errors?.For("interests") is not null ? " open" : "")
            .Raw("><summary class=\"nhsuk-details__summary\"><span class=\"nhsuk-details__summary-text\">Interests</span></summary><div class=\"nhsuk-details__text\">")
            .Paragraph("Choose any that appeal. A broad interest includes everything under it.", "nhsuk-hint");
        var first = true;
        foreach (var group in interests.Where(t => !t.Path.Contains('/')))
        {
            var below = interests.Where(t => t.Path.StartsWith(group.Path + "/", StringComparison.Ordinal) && t.Path.Count(c => c == '/') == 1);
            Choices(html, first ? "interests" : "interests-" + group.Code, "interests", group.Name,
                [new Choice(group.Code, $"Any {group.Name.ToLowerInvariant()}", Interests.Contains(group.Code)),
                    .. below.Select(t => new Choice(t.Code, t.Name, Interests.Contains(t.Code)))], first ? errors : null, small: true);
            first = false;
        }
        html.Raw("</div></details>");

        Choices(html, "day", "day", "Days they are free", Weekdays.Select(d => new Choice(d.Code, d.Name, Days.Contains(d.Code))), errors, small: true);
        Choices(html, "time", "time", "Time of day",
            [new Choice("any", "Any time", Time is null or "any"), new Choice("morning", "Morning (starts before 12pm)", Time == "morning"),
                new Choice("afternoon", "Afternoon (starts 12pm to 5pm)", Time == "afternoon"), new Choice("evening", "Evening (starts from 5pm)", Time == "evening")],
            errors, radios: true, small: true);
        Choices(html, "free", "free", "Cost", [new Choice("true", "Free only (donations welcome counts as free)", Free)], errors, small: true);
        Choices(html, "accessibility", "accessibility", "Access needs (all must be met)",
            terms.Where(t => t.Vocabulary == "accessibility").Select(t => new Choice(t.Code, t.Name, Accessibility.Contains(t.Code))), errors, small: true);
        Choices(html, "audience", "audience", "Who it is for (any of these)",
            terms.Where(t => t.Vocabulary == "audiences").Select(t => new Choice(t.Code, t.Name, Audience.Contains(t.Code))), errors, small: true);
        Choices(html, "accepting_new_members", "accepting_new_members", "New members",
            [new Choice("true", "Only groups taking new members now", AcceptingNewMembers)], errors, small: true);
        Button(html, "Search");
        html.Close("form");
    }
}
