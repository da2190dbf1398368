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
        services.AddScoped<SearchRequestParser>().AddScoped<SearchQuery>().AddSingleton<TermCatalogue>()
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

    private static async Task<Results<Ok<SearchResponse>, ContentHttpResult, EmptyHttpResult, ValidationProblem, ProblemHttpResult>> Search(
        [AsParameters] SearchParameters parameters, SearchRequestParser parser, SearchQuery query, HttpContext http,
        IOptions<JsonOptions> json, IOptions<SearchDownloadOptions> download, SearchDemandLog demand, ReadPath path, MemorySearch memory,
        TimeProvider clock, CancellationToken ct)
    {
        var parsed = await parser.ParseAsync(parameters, http.Request.Headers.Accept.ToString(), ct);
        if (parsed.UnknownPostcode)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Postcode not found",
                detail: "Neither the postcode, its sector nor its district is in our postcode tables.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["postcode"] = ["was not found."] } });
        }
        if (parsed.Request is not { } request) return Problems.Invalid(parsed.Validation);
        var all = parameters.All == true;
        if (all && request.Format == SearchFormat.Json)
            return Problems.Invalid("all", "applies to format=csv or format=geojson; page through JSON with page and per_page.");
        if (all && (parameters.Page is not null || parameters.PerPage is not null))
            return Problems.Invalid("all", "returns every match, so leave out page and per_page.");
        if (all) request = SearchDownload.FirstPage(request);

        // The model declines (null) a search whose words or listings it cannot judge exactly; PostgreSQL answers those.
        var fromModel = path.ServesSearch(request, http.Request) ? memory.Execute(request, clock.GetUtcNow()) : null;
        var fromMemory = fromModel is not null;
        var (response, problem) = fromModel ?? await query.ExecuteAsync(request, ct);
        ReadPath.Mark(http.Response, fromMemory);
        if (problem is not null) return problem.ToResult();
        if (request.Page.Number == 1) demand.Record(request, response!.TotalItems);
        if (all)
        {
            if (SearchDownload.TooMany(response!, download.Value.DownloadCap) is { } tooMany) return tooMany;
            // Each further page is read as the first was: from the model where it answers, else from PostgreSQL.
            await SearchDownload.WriteAsync(http, request, response!, async next =>
                (path.ServesSearch(next, http.Request) ? memory.Execute(next, clock.GetUtcNow()) : null) ?? await query.ExecuteAsync(next, ct),
                json.Value.SerializerOptions, ct);
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
