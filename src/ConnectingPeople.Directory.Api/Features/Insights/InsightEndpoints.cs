using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Features.Schedules;
using ConnectingPeople.Directory.Api.Features.Search;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ConnectingPeople.Directory.Api.Features.Insights;

/// <summary>
/// A count as published, following NHS England's small-numbers practice: 1 to 7 is withheld (null, with its
/// <c>_suppressed</c> flag true) and the rest is
/// rounded to the nearest 5, so no one can be singled out by adding or taking away one record. A viewer's own team's
/// records don't un-suppress anyone else's: when the count without them is 1 to 7, the whole count is suppressed
/// (otherwise a team could add seven signposts of its own and read another team's single one as the difference).
/// </summary>
public static class Suppression
{
    public const int Threshold = 8;

    public static long Rounded(long n) => (long)Math.Round(n / 5.0, MidpointRounding.AwayFromZero) * 5;

    public static bool IsPublished(long n, long own = 0) => n == 0 || (n >= Threshold && (n - own) is 0 or >= Threshold);

    /// <summary>The published count, or null when it is suppressed.</summary>
    public static long? Count(long n, long own = 0) => IsPublished(n, own) ? Rounded(n) : null;

    /// <summary>A rate only when both counts are published, and from the published (rounded) counts: the exact ones would give them away.</summary>
    public static double? Rate(long part, long whole, long ownPart = 0, long ownWhole = 0) =>
        !IsPublished(part, ownPart) || !IsPublished(whole, ownWhole) || Rounded(whole) == 0 ? null : Math.Round(Rounded(part) / (double)Rounded(whole), 3);
}

/// <summary>Signposting figures for one listing, interest or area.</summary>
/// <param name="Key">The asset id, interest code or local authority code.</param>
/// <param name="Name">The listing's, interest's or area's name.</param>
/// <param name="Signposted">How many were signposted, rounded to the nearest 5; null when suppressed (1 to 7).</param>
/// <param name="SignpostedSuppressed">true when signposted is withheld because it is 1 to 7 (or would reveal another team's 1 to 7).</param>
/// <param name="Attended">How many of them attended, rounded to the nearest 5; null when suppressed.</param>
/// <param name="AttendedSuppressed">true when attended is withheld.</param>
/// <param name="ConversionRate">attended / signposted, left out when either count is suppressed.</param>
public sealed record SignpostingInsightRow(string Key, string Name, long? Signposted, bool SignpostedSuppressed, long? Attended,
    bool AttendedSuppressed, double? ConversionRate);

/// <summary>Signposting figures over a date range, with small numbers suppressed.</summary>
/// <param name="From">The first day counted (YYYY-MM-DD).</param>
/// <param name="To">The last day counted (YYYY-MM-DD).</param>
/// <param name="SuppressedBelow">Counts from 1 up to this, exclusive, are suppressed.</param>
/// <param name="ByAsset">Per listing.</param>
/// <param name="ByInterest">Per interest of the listings.</param>
/// <param name="ByArea">Per local authority of the venues.</param>
public sealed record SignpostingInsights(DateOnly From, DateOnly To, int SuppressedBelow, IReadOnlyList<SignpostingInsightRow> ByAsset,
    IReadOnlyList<SignpostingInsightRow> ByInterest, IReadOnlyList<SignpostingInsightRow> ByArea);

/// <summary>One interest or word searched for from one district that found few listings.</summary>
/// <param name="LocalAuthorityCode">The GSS code of the local authority the searches came from; null without an origin.</param>
/// <param name="LocalAuthorityName">That local authority's name.</param>
/// <param name="District">The postcode district the searches came from (never a full postcode); null without an origin.</param>
/// <param name="Kind">interest or text.</param>
/// <param name="Latitude">The district's centroid latitude (WGS84).</param>
/// <param name="Longitude">The district's centroid longitude (WGS84).</param>
/// <param name="Term">An interest code (kind interest) or a normalised word searched for (kind text).</param>
/// <param name="Searches">Searches from this district asking for it, rounded to the nearest 5; null when suppressed (1 to 7).</param>
/// <param name="SearchesSuppressed">true when searches is withheld.</param>
/// <param name="FewResults">Of those, how many found at most max_results listings, rounded to the nearest 5; null when suppressed.</param>
/// <param name="FewResultsSuppressed">true when few_results is withheld.</param>
public sealed record DemandRow(string? LocalAuthorityCode, string? LocalAuthorityName, string? District, string Kind, string Term,
    long? Searches, bool SearchesSuppressed, long? FewResults, bool FewResultsSuppressed, double? Latitude, double? Longitude);

/// <summary>Searches that found few listings, over a date range.</summary>
/// <param name="From">The first day counted (YYYY-MM-DD).</param>
/// <param name="To">The last day counted (YYYY-MM-DD).</param>
/// <param name="MaxResults">A search counts as finding little when it found at most this many listings.</param>
/// <param name="SuppressedBelow">Counts from 1 up to this, exclusive, are suppressed.</param>
/// <param name="Rows">One per interest or word and district, most searched first.</param>
public sealed record DemandInsights(DateOnly From, DateOnly To, int MaxResults, int SuppressedBelow, IReadOnlyList<DemandRow> Rows);

/// <summary>Aggregates for commissioners: signposting by asset, interest and area; searches that found little, by district.</summary>
public static class InsightEndpoints
{
    public const string GeoJsonContentType = "application/geo+json";

    public static IServiceCollection AddInsights(this IServiceCollection services) =>
        services.AddSingleton<SearchDemandLog>().AddHostedService(sp => sp.GetRequiredService<SearchDemandLog>());

    public static WebApplication MapInsights(this WebApplication app)
    {
        var group = app.MapResource("/api/v1/insights").WithTags("Insights")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/signposting", Signposting).WithName("GetSignpostingInsights")
            .WithSummary("Signposted, attended and conversion rate per asset, interest and area over a date range (counts are numbers rounded to 5; 1 to 7 is null with its _suppressed flag true)")
            .RequireAuthorization(policy => policy.RequireRole(Data.Entities.Roles.All.ToArray()))
            .ProducesValidationProblem();
        group.MapGet("/demand", Demand).WithName("GetSearchDemand")
            .WithSummary("Interests and words searched for that found few or no listings, by local authority and postcode district")
            .WithDescription("`format=geojson` (or Accept: application/geo+json) gives one point feature per row at the district centroid. "
                + "Counts are numbers rounded to the nearest 5; a count of 1 to 7 is null with its `_suppressed` flag true; a typed word is listed only once it was searched for on 5 different days or from 5 districts. Searches without an origin have no district and are left out of the GeoJSON.")
            .RequireAuthorization(AuthSetup.CuratorPolicy)
            .Produces<DemandInsights>(StatusCodes.Status200OK, "application/json", GeoJsonContentType)
            .ProducesValidationProblem();
        return app;
    }

    private static (DateOnly From, DateOnly To) Range(DateOnly? from, DateOnly? to, TimeProvider clock, Validation v)
    {
        DateWindow.Check(v, "from", from);
        DateWindow.Check(v, "to", to);
        if (!v.IsValid) return (DateWindow.First, DateWindow.First);
        var today = ScheduleExpander.LocalDate(clock.GetUtcNow());
        var end = to ?? today;
        var start = from ?? end.AddDays(-364);
        if (start > end) v.Add("from", "must not be after to.");
        if (end.DayNumber - start.DayNumber > 3660) v.Add("from", "the range must be at most ten years.");
        return (start, end);
    }

    /// <param name="from">The first day to count (YYYY-MM-DD); default 364 days before to.</param>
    /// <param name="to">The last day to count (YYYY-MM-DD); default today (Europe/London).</param>
    private static async Task<Results<Ok<SignpostingInsights>, ValidationProblem>> Signposting(
        [FromQuery(Name = "from")] DateOnly? from, [FromQuery(Name = "to")] DateOnly? to, DirectoryDbContext db, TimeProvider clock,
        System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        var v = new Validation();
        var (start, end) = Range(from, to, clock, v);
        if (!v.IsValid) return Problems.Invalid(v);

        // Totals, and the viewer's own team's part of them (see Suppression).
        const string counts = "count(*), count(*) FILTER (WHERE s.outcome = 'attended'), "
            + "count(*) FILTER (WHERE s.team = @team), count(*) FILTER (WHERE s.outcome = 'attended' AND s.team = @team)";
        var team = user.Team();
        const string window = "s.signposted_on BETWEEN @from AND @to";
        var byAsset = await RowsAsync(db, $"""
            SELECT s.asset_id::text, a.name, {counts} FROM directory.signposts s JOIN directory.assets a ON a.id = s.asset_id
            WHERE {window} GROUP BY s.asset_id, a.name ORDER BY count(*) DESC, a.name
            """, start, end, team, ct);
        var byInterest = await RowsAsync(db, $"""
            SELECT i.code, coalesce(t.name, i.code), {counts}
            FROM directory.signposts s CROSS JOIN LATERAL unnest(s.interest_codes) AS i(code)
            LEFT JOIN directory.taxonomy_terms t ON t.code = i.code
                AND t.vocabulary_id = (SELECT id FROM directory.vocabularies WHERE code = 'interests')
            WHERE {window} GROUP BY i.code, t.name ORDER BY count(*) DESC, i.code
            """, start, end, team, ct);
        var byArea = await RowsAsync(db, $"""
            SELECT coalesce(s.area_code, 'unknown'), coalesce(a.name, 'Unknown area'), {counts}
            FROM directory.signposts s LEFT JOIN directory.areas a ON a.code = s.area_code
            WHERE {window} GROUP BY s.area_code, a.name ORDER BY count(*) DESC, 2
            """, start, end, team, ct);
        return TypedResults.Ok(new SignpostingInsights(start, end, Suppression.Threshold, byAsset, byInterest, byArea));
    }

    private static async Task<List<SignpostingInsightRow>> RowsAsync(DirectoryDbContext db, string sql, DateOnly from, DateOnly to, string? team, CancellationToken ct)
    {
        var rows = new List<SignpostingInsightRow>();
        await using var reader = await ReadAsync(db, sql, ct, ("from", from), ("to", to), ("team", (object?)team ?? DBNull.Value));
        while (await reader.ReadAsync(ct))
        {
            var (signposted, attended, ownSignposted, ownAttended) = (reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
            var (shownSignposted, shownAttended) = (Suppression.Count(signposted, ownSignposted), Suppression.Count(attended, ownAttended));
            rows.Add(new SignpostingInsightRow(reader.GetString(0), reader.GetString(1), shownSignposted, shownSignposted is null,
                shownAttended, shownAttended is null, Suppression.Rate(attended, signposted, ownAttended, ownSignposted)));
        }
        return rows;
    }

    /// <param name="from">The first day to count (YYYY-MM-DD); default 364 days before to.</param>
    /// <param name="to">The last day to count (YYYY-MM-DD); default today (Europe/London).</param>
    /// <param name="maxResults">A search counts as finding little when it found at most this many listings, 0 to 100 (default 2).</param>
    /// <param name="localAuthority">Only searches from this local authority (GSS code).</param>
    /// <param name="format">json (the default) or geojson; Accept: application/geo+json does the same.</param>
    private static async Task<Results<Ok<DemandInsights>, ContentHttpResult, ValidationProblem>> Demand(
        [FromQuery(Name = "from")] DateOnly? from, [FromQuery(Name = "to")] DateOnly? to, [FromQuery(Name = "max_results")] int? maxResults,
        [FromQuery(Name = "local_authority")] string? localAuthority, [FromQuery(Name = "format")] string? format,
        DirectoryDbContext db, HttpContext http, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        var v = new Validation();
        var (start, end) = Range(from, to, clock, v);
        var few = maxResults ?? 2;
        if (few is < 0 or > 100) v.Add("max_results", "must be between 0 and 100.");
        var geoJson = format?.Trim().ToLowerInvariant() switch
        {
            null or "" => http.Request.Headers.Accept.ToString().Contains(GeoJsonContentType, StringComparison.OrdinalIgnoreCase),
            "json" => false,
            "geojson" => true,
            _ => Invalid(v),
        };
        var area = string.IsNullOrWhiteSpace(localAuthority) ? null : localAuthority.Trim().ToUpperInvariant();
        if (area is { Length: > 9 }) v.Add("local_authority", "must be a GSS code such as E08000019.");
        if (!v.IsValid) return Problems.Invalid(v);

        const string sql = """
            WITH asked AS (
                SELECT l.district, l.local_authority_code, 'interest' AS kind, i.term, l.result_count, l.searched_on
                FROM directory.search_log l CROSS JOIN LATERAL unnest(l.interests) AS i(term)
                WHERE l.searched_on BETWEEN @from AND @to
                UNION ALL
                SELECT l.district, l.local_authority_code, 'text', w.term, l.result_count, l.searched_on
                FROM directory.search_log l CROSS JOIN LATERAL unnest(l.text_terms) AS w(term)
                WHERE l.searched_on BETWEEN @from AND @to
            ),
            -- A typed word could be a name: it is published only once searched for on 5 different days or from 5
            -- districts, so repeating one search 5 times does not put it in front of curators.
            words AS (
                SELECT term FROM asked WHERE kind = 'text' GROUP BY term
                HAVING count(DISTINCT searched_on) >= 5 OR count(DISTINCT district) >= 5
            )
            SELECT q.local_authority_code, ar.name, q.district, q.kind, q.term, count(*) AS searches,
                   count(*) FILTER (WHERE q.result_count <= @few) AS few_results,
                   ST_Y(d.point::geometry), ST_X(d.point::geometry)
            FROM asked q
            LEFT JOIN directory.areas ar ON ar.code = q.local_authority_code
            LEFT JOIN directory.postcode_districts d ON d.code = q.district
            WHERE @area::text IS NULL OR q.local_authority_code = @area
            GROUP BY q.local_authority_code, ar.name, q.district, q.kind, q.term, d.point
            HAVING count(*) FILTER (WHERE q.result_count <= @few) > 0
               AND (q.kind = 'interest' OR q.term IN (SELECT term FROM words))
            ORDER BY few_results DESC, searches DESC, q.district NULLS LAST, q.kind, q.term
            LIMIT 5000
            """;
        var rows = new List<DemandRow>();
        await using (var reader = await ReadAsync(db, sql, ct, ("from", start), ("to", end), ("few", few), ("area", (object?)area ?? DBNull.Value)))
        {
            while (await reader.ReadAsync(ct))
            {
                string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                double? Number(int i) => reader.IsDBNull(i) ? null : Math.Round(reader.GetDouble(i), 5);
                var (searches, fewResults) = (Suppression.Count(reader.GetInt64(5)), Suppression.Count(reader.GetInt64(6)));
                rows.Add(new DemandRow(Text(0), Text(1), Text(2), reader.GetString(3), reader.GetString(4), searches, searches is null,
                    fewResults, fewResults is null, Number(7), Number(8)));
            }
        }
        var result = new DemandInsights(start, end, few, Suppression.Threshold, rows);
        return geoJson ? TypedResults.Text(ToGeoJson(result, json.Value.SerializerOptions), GeoJsonContentType) : TypedResults.Ok(result);
    }

    private static bool Invalid(Validation v)
    {
        v.Add("format", "must be json or geojson.");
        return false;
    }

    private static string ToGeoJson(DemandInsights insights, JsonSerializerOptions options)
    {
        var features = new JsonArray();
        foreach (var row in insights.Rows.Where(r => r.Latitude is not null && r.Longitude is not null))
        {
            var properties = JsonSerializer.SerializeToNode(row with { Latitude = null, Longitude = null }, options)!.AsObject();
            properties.Remove("latitude");
            properties.Remove("longitude");
            features.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(row.Longitude, row.Latitude) },
                ["properties"] = properties,
            });
        }
        var collection = new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["from"] = insights.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = insights.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["max_results"] = insights.MaxResults,
            ["suppressed_below"] = insights.SuppressedBelow,
            ["attribution"] = Attribution.Text,
            ["features"] = features,
        };
        return collection.ToJsonString(options);
    }

    private static async Task<DbDataReader> ReadAsync(DirectoryDbContext db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.Add(new NpgsqlParameter(name, value));
        return await command.ExecuteReaderAsync(ct);
    }
}
