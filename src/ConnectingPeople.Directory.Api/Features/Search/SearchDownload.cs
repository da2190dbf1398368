using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace ConnectingPeople.Directory.Api.Features.Search;

public sealed class SearchDownloadOptions
{
    public const string Section = "Search";
    public const int DefaultCap = 10_000;

    /// <summary>The most matches one <c>all=true</c> download holds; a search matching more is a 400 asking to narrow it.</summary>
    [Range(1, 100_000)]
    public int DownloadCap { get; set; } = DefaultCap;
}

/// <summary>
/// <c>all=true</c> with CSV or GeoJSON: every match, not one page, written as each page of 100 comes from the search
/// (the same query, page after page), so memory holds one page however many rows go out. Pages are read one after
/// another, not in one snapshot: a listing edited during a long download can move between pages.
/// </summary>
public static class SearchDownload
{
    public const int PageSize = PagingParameters.MaxSize;

    public delegate Task<(SearchResponse? Response, ProblemDetails? Problem)> PageSource(SearchRequest request);

    public static SearchRequest FirstPage(SearchRequest request) => request with { Page = new PageRequest(1, PageSize) };

    /// <summary>The 400 for a download larger than the cap, naming all and what to narrow.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem? TooMany(SearchResponse first, int cap) => first.TotalItems <= cap ? null
        : Problems.Invalid("all", $"{first.TotalItems} listings match, more than the {cap} a download holds: narrow the search "
            + "(a smaller radius_km, interests, day, area) or page through it with page and per_page.");

    public static async Task WriteAsync(HttpContext http, SearchRequest request, SearchResponse first, PageSource next,
        JsonSerializerOptions json, CancellationToken ct)
    {
        var geoJson = request.Format == SearchFormat.Geojson;
        var response = http.Response;
        response.ContentType = geoJson ? SearchFormats.GeoJsonContentType : "text/csv; charset=utf-8";
        if (!geoJson) response.Headers.ContentDisposition = "attachment; filename=\"search-results.csv\"";
        response.Headers["X-Total-Count"] = first.TotalItems.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(geoJson ? "{\"type\":\"FeatureCollection\",\"features\":[" : SearchFormats.CsvHeader);
        var page = first;
        var written = 0;
        for (var number = 1; ; number++)
        {
            foreach (var result in page.Contents)
            {
                if (geoJson && written > 0) await writer.WriteAsync(',');
                await writer.WriteAsync(geoJson ? SearchFormats.Feature(result).ToJsonString(json) : SearchFormats.CsvRow(result));
                written++;
            }
            await writer.FlushAsync(ct);
            if (page.LastPage || page.Contents.Count == 0) break;
            var (following, _) = await next(request with { Page = new PageRequest(number + 1, PageSize) });
            if (following is null) break; // the matches shrank while we read: what was written is all there is
            page = following;
        }
        if (geoJson)
        {
            // The footer describes the whole download: every match on one "page".
            var footer = SearchFormats.GeoJsonFooter(first with { TotalPages = 1, PageNumber = 1, Size = written });
            await writer.WriteAsync("]," + footer.ToJsonString(json)[1..]);
        }
        await writer.FlushAsync(ct);
    }
}
