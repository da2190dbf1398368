using ConnectingPeople.Directory.Api.Features.Insights;
using ConnectingPeople.Directory.Api.Features.ReadModel;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ConnectingPeople.Directory.Api.Features.Search;

public static class SearchEndpoints
{
    public static IServiceCollection AddSearch(this IServiceCollection services) =>
        services.AddScoped<SearchRequestParser>().AddScoped<SearchQuery>().AddScoped<SearchRunner>().AddSingleton<TermCatalogue>()
            .AddOptions<SearchDownloadOptions>().BindConfiguration(SearchDownloadOptions.Section).ValidateDataAnnotations().ValidateOnStart().Services;

    public static WebApplication MapSearch(this WebApplication app)
    {
        app.MapResource("/api/v1/search").MapGet("", Search)
            .WithTags("Search")
            .WithName("Search")
            .WithSummary("Find listings near a place that match interests, times, cost, access and audience")
            .WithDescription("""
                One origin (`postcode`, or `latitude` + `longitude`) with `radius_km` (default 5, at most 100) or `nearest`;
                without an origin, `q` or `interests` is required and results come by relevance. Distances are metres on
                the spheroid; a listing with several venues counts by its nearest. Listings with no venue whose service
                area covers the origin come back as `coverage` matches. `format=geojson` or `format=csv` (or the Accept
                header) return the same page as a GeoJSON FeatureCollection or a CSV file; add `all=true` for every match
                instead of one page (streamed, at most 10,000 by default: a search matching more is a 400 naming `all`; the
                X-Total-Count header says how many).
                """)
            .Produces<SearchResponse>(StatusCodes.Status200OK, "application/json", SearchFormats.GeoJsonContentType, SearchFormats.CsvContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Search([AsParameters] SearchParameters parameters, SearchRequestParser parser, SearchRunner runner,
        HttpContext http, IOptions<JsonOptions> json, IOptions<SearchDownloadOptions> download, SearchDemandLog demand, CancellationToken ct)
    {
        var parsed = await parser.ParseAsync(parameters, http.Request.Headers.Accept.ToString(), ct);
        if (parsed.Problem is { } refused) return refused;
        var request = parsed.Request!;
        var all = parameters.All == true;
        if (all) request = SearchDownload.FirstPage(request);

        var (response, problem) = await runner.RunAsync(request, http, ct);
        if (problem is not null) return problem.ToResult();
        if (request.Page.Number == 1) demand.Record(request, response!.TotalItems);
        if (all)
        {
            if (SearchDownload.TooMany(response!, download.Value.DownloadCap) is { } tooMany) return tooMany;
            // Each further page is read as the first was: from the model where it answers, else from PostgreSQL.
            await SearchDownload.WriteAsync(http, request, response!, next => runner.RunAsync(next, http, ct), json.Value.SerializerOptions, ct);
            return TypedResults.Empty;
        }
        return request.Format switch
        {
            SearchFormat.Geojson => TypedResults.Text(SearchFormats.ToGeoJson(response!, json.Value.SerializerOptions), SearchFormats.GeoJsonContentType),
            SearchFormat.Csv => Csv(http, response!),
            _ => TypedResults.Ok(response!),
        };
    }

    private static ContentHttpResult Csv(HttpContext http, SearchResponse response)
    {
        http.Response.Headers.ContentDisposition = "attachment; filename=\"search-results.csv\"";
        return TypedResults.Text(SearchFormats.ToCsv(response), "text/csv; charset=utf-8");
    }
}
