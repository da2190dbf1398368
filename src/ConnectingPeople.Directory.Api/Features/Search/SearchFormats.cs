using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Shared;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>Search results as an RFC 7946 FeatureCollection (for Leaflet, QGIS) or a CSV a link worker can open in a spreadsheet.</summary>
public static class SearchFormats
{
    public const string GeoJsonContentType = "application/geo+json";
    public const string CsvContentType = "text/csv";

    public static string ToGeoJson(SearchResponse response, JsonSerializerOptions json)
    {
        var collection = new JsonObject { ["type"] = "FeatureCollection", ["features"] = new JsonArray([.. response.Contents.Select(Feature)]) };
        foreach (var (name, value) in GeoJsonFooter(response)) collection[name] = value?.DeepClone();
        return collection.ToJsonString(json);
    }

    /// <summary>The members after the features: the paging fields of the page (or of the whole download) and the attribution.</summary>
    public static JsonObject GeoJsonFooter(SearchResponse response) => new()
    {
        ["total_items"] = response.TotalItems,
        ["total_pages"] = response.TotalPages,
        ["page_number"] = response.PageNumber,
        ["nearest_beyond_m"] = response.NearestBeyondM,
        ["size"] = response.Size,
        ["attribution"] = Attribution.Postcodes,
    };

    public static JsonObject Feature(SearchResult r)
    {
        var properties = new JsonObject
        {
            ["id"] = r.Id,
            ["name"] = r.Name,
            ["summary"] = r.Summary,
            ["organisation"] = r.Organisation.Name,
            ["kind"] = r.Kind?.Name,
            ["match"] = EnumName(r.Match),
            ["distance_m"] = r.DistanceM,
            ["venue_name"] = r.Venue?.Name,
            ["postcode"] = r.Venue?.Postcode,
            ["next_session_start"] = DateTimeText.Local(r.NextSession?.Start),
            ["schedule_summary"] = r.ScheduleSummary,
            ["cost_summary"] = r.CostSummary,
            ["is_free"] = r.IsFree,
            ["accessibility"] = string.Join(", ", r.Accessibility.Select(t => t.Name)),
            ["audiences"] = string.Join(", ", r.Audiences.Select(t => t.Name)),
            ["matched_interests"] = string.Join(",", r.MatchedInterests),
            ["last_verified_at"] = DateTimeText.Instant(r.LastVerifiedAt),
            ["link"] = r.Link,
            ["accepting_new_members"] = r.AcceptingNewMembers,
        };
        return new JsonObject
        {
            ["type"] = "Feature",
            ["id"] = r.Id,
            // A service covering an area has no point of its own; RFC 7946 allows a null geometry.
            ["geometry"] = r.Venue is { } v
                ? new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(Math.Round(v.Longitude, 6), Math.Round(v.Latitude, 6)) }
                : null,
            ["properties"] = properties,
        };
    }

    private static readonly string[] CsvColumns =
    [
        "name", "organisation", "distance_m", "venue", "address", "postcode", "next_session_start", "next_session_end", "schedule",
        "cost", "is_free", "accessibility", "audiences", "matched_interests", "last_verified_at", "link", "accepting_new_members",
    ];

    public static readonly string CsvHeader = string.Join(',', CsvColumns) + "\r\n";

    public static string ToCsv(SearchResponse response) => CsvHeader + string.Concat(response.Contents.Select(CsvRow));

    public static string CsvRow(SearchResult r)
    {
        string?[] row =
        [
            r.Name, r.Organisation.Name, r.DistanceM?.ToString("0", CultureInfo.InvariantCulture), r.Venue?.Name,
            r.Venue is { } v ? string.Join(", ", new[] { v.Address1, v.Address2, v.Town }.Where(x => !string.IsNullOrWhiteSpace(x))) : null,
            r.Venue?.Postcode,
            DateTimeText.Local(r.NextSession?.Start), DateTimeText.Local(r.NextSession?.End),
            r.ScheduleSummary, r.CostSummary, r.IsFree ? "yes" : "no",
            string.Join("; ", r.Accessibility.Select(t => t.Name)), string.Join("; ", r.Audiences.Select(t => t.Name)),
            string.Join("; ", r.MatchedInterests), DateTimeText.Instant(r.LastVerifiedAt), r.Link,
            r.AcceptingNewMembers ? "yes" : "no",
        ];
        return string.Join(',', row.Select(Escape)) + "\r\n";
    }

    /// <summary>RFC 4180 quoting, and a leading apostrophe so a spreadsheet never runs a cell as a formula.</summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var isNumber = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        if (!isNumber && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }

    private static string EnumName(MatchKind kind) => SnakeCaseEnumConverter<MatchKind>.ToText(kind);
}
