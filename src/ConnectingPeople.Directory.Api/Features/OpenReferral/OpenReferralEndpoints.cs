using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Postcodes;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.OpenReferral;

/// <summary>The directory as an Open Referral UK 3.0 feed under /openreferral: open to anyone, CORS *, no key.</summary>
public static partial class OpenReferralEndpoints
{
    public const string CorsPolicy = "OpenReferral";
    public const string Version = "HSDS-UK-3.0";
    public const string Profile = "https://openreferraluk.org/";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IServiceCollection AddOpenReferral(this IServiceCollection services)
    {
        services.AddScoped<OrukQuery>();
        return services;
    }

    public static WebApplication MapOpenReferral(this WebApplication app)
    {
        // Every ORUK response carries the header, errors included, not only answers to cross-origin requests.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/openreferral"))
                context.Response.OnStarting(() => { context.Response.Headers.AccessControlAllowOrigin = "*"; return Task.CompletedTask; });
            return next(context);
        });

        var group = app.MapResource("/openreferral").WithTags("Open Referral UK").RequireCors(CorsPolicy).WithMetadata(new ConditionalRead());
        group.MapGet("/", Root).WithName("OrukRoot").WithSummary("Open Referral UK: what this feed is and where its OpenAPI document is")
            .Produces<OrukRoot>();
        group.MapGet("/openapi.json", OpenApiDocument).WithName("OrukOpenApi").WithSummary("The ORUK 3.0 OpenAPI document this feed implements")
            .Produces<object>();
        MapServices(group);
        MapServiceAtLocations(group);
        MapOrganizations(group);
        MapTaxonomies(group);
        return app;
    }

    private static JsonHttpResult<T> Ok<T>(T value) => TypedResults.Json(value, Json);

    private static Ok<OrukRoot> Root(HttpRequest request) =>
        TypedResults.Ok(new OrukRoot(Version, Profile, $"{request.Scheme}://{request.Host}{request.PathBase}/openreferral/openapi.json"));

    private static readonly Lazy<string> SpecText = new(() =>
    {
        using var stream = typeof(OpenReferralEndpoints).Assembly.GetManifestResourceStream("oruk-openapi.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static ContentHttpResult OpenApiDocument(HttpRequest request)
    {
        var document = JsonNode.Parse(SpecText.Value)!.AsObject();
        document["servers"] = new JsonArray(new JsonObject { ["url"] = $"{request.Scheme}://{request.Host}{request.PathBase}/openreferral" });
        return TypedResults.Text(document.ToJsonString(), "application/json");
    }

    internal static OrukPage<T> ToPage<T>(IReadOnlyList<T> contents, int total, PageRequest page)
    {
        var envelope = Page<T>.Of(contents, total, page);
        return new OrukPage<T>(envelope.TotalItems, envelope.TotalPages, envelope.PageNumber, envelope.Size, envelope.FirstPage,
            envelope.LastPage, envelope.Empty, contents);
    }

    internal static async Task<(OrukFilters? Filters, PageRequest Page, IResult? Error)> ParseAsync(
        OrukParameters parameters, DirectoryDbContext db, PostcodeLookup postcodes, CancellationToken ct)
    {
        var (filters, page, validation, unknownPostcode) = await parameters.ParseAsync(db, postcodes, ct);
        if (unknownPostcode) return (null, page, Problems.UnknownPostcode());
        return filters is null ? (null, page, Problems.Invalid(validation)) : (filters, page, null);
    }

    /// <summary>
    /// Names in code point order (<c>COLLATE "C"</c>: UTF-8 bytes), whatever the database's own collation, so the read
    /// model, which cannot reproduce a locale's collation, orders them identically (<see cref="ReadModel.CodePointOrder"/>).
    /// </summary>
    internal static async Task<List<Guid>> PageOfIdsAsync(IQueryable<Data.Entities.Asset> services, PageRequest page, CancellationToken ct) =>
        await services.OrderBy(a => EF.Functions.Collate(a.Name, "C")).ThenBy(a => a.Id).Skip(page.Skip).Take(page.Size).Select(a => a.Id).ToListAsync(ct);
}
