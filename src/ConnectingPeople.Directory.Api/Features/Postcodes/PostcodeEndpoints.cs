using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Postcodes;

/// <summary>An ONS area.</summary>
/// <param name="Code">The area's GSS code.</param>
/// <param name="Name">The area's name.</param>
public sealed record AreaRef(string Code, string Name);

/// <summary>What a postcode, sector or district resolves to.</summary>
/// <param name="Query">The postcode as sent.</param>
/// <param name="Match">The level matched: the full postcode, else its sector, else its district.</param>
/// <param name="MatchedCode">The postcode, sector or district matched, normalised (e.g. S1 2HE, S1 2, S1).</param>
/// <param name="Latitude">WGS84 latitude of the postcode (or the sector's or district's centroid).</param>
/// <param name="Longitude">WGS84 longitude of the postcode (or the centroid).</param>
/// <param name="District">The postcode district, e.g. S1.</param>
/// <param name="Sector">The postcode sector, e.g. S1 2; null for a district match.</param>
/// <param name="LocalAuthority">The local authority the postcode is in, when known.</param>
/// <param name="Ward">The electoral ward the postcode is in, when known.</param>
/// <param name="Attribution">The sources and licences of the data.</param>
public sealed record PostcodeResult(
    string Query, PostcodeLevel Match, string MatchedCode, double Latitude, double Longitude, string District, string? Sector,
    AreaRef? LocalAuthority, AreaRef? Ward, string Attribution);

public static class PostcodeEndpoints
{
    public static WebApplication MapPostcodes(this WebApplication app)
    {
        var group = app.MapResource("/api/v1/postcodes").WithTags("Postcodes");
        group.MapGet("/{postcode}", GetPostcode)
            .WithName("GetPostcode")
            .WithSummary("Resolve a postcode to a point")
            .WithDescription("Normalises case and spacing. Uses the exact postcode when we hold it, else its sector centroid, else its "
                + "district centroid, and says which in `match`. Also accepts a sector (\"S10 5\") or district (\"S10\").")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <param name="postcode">A UK postcode (S1 2HE), sector (S1 2) or district (S1), any case and spacing.</param>
    private static async Task<Results<Ok<PostcodeResult>, ValidationProblem, ProblemHttpResult>> GetPostcode(
        string postcode, DirectoryDbContext db, CancellationToken ct)
    {
        if (!PostcodeFormat.TryParse(postcode, out var parsed))
            return Problems.Invalid("postcode", "is not a UK postcode, sector or district (for example S1 2HE, S1 2 or S1).");

        var resolved = await new PostcodeLookup(db).ResolveAsync(parsed, ct);
        if (resolved is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Postcode not found",
                detail: $"Neither {parsed.Code}, its sector nor its district is in our postcode tables.");
        }

        var codes = new[] { resolved.LocalAuthorityCode, resolved.WardCode }.OfType<string>().ToArray();
        var names = await db.Areas.AsNoTracking().Where(a => codes.Contains(a.Code)).Select(a => new { a.Code, a.Name }).ToDictionaryAsync(a => a.Code, a => a.Name, ct);
        AreaRef? Ref(string? code) => code is null ? null : new AreaRef(code, names.GetValueOrDefault(code, code));

        return TypedResults.Ok(new PostcodeResult(
            parsed.Code, resolved.Match, resolved.MatchedCode, resolved.Point.Y, resolved.Point.X, parsed.District, parsed.Sector,
            Ref(resolved.LocalAuthorityCode), Ref(resolved.WardCode), Attribution.Postcodes));
    }
}
