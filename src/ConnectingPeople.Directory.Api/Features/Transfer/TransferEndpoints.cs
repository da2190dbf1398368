using System.Security.Claims;
using System.Text;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Features.Curation;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Transfer;

/// <summary>Bulk import and export of listings as CSV (one row per listing at a venue; see <see cref="AssetCsv"/>).</summary>
public static class TransferEndpoints
{
    public static IServiceCollection AddTransfer(this IServiceCollection services) => services.AddScoped<CsvImporter>()
        .AddOptions<ImportSettings>().BindConfiguration(ImportSettings.Section).ValidateDataAnnotations().ValidateOnStart().Services;

    public static WebApplication MapTransfer(this WebApplication app)
    {
        RouteGroupBuilder Curated(string prefix) => app.MapResource(prefix).WithTags("Import and export").RequireAuthorization(AuthSetup.CuratorPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        Curated("/api/v1/imports").MapPost("", Import).WithName("ImportAssets").WithMetadata(new Protection.LargeBody())
            .WithSummary("Import listings from CSV, GeoJSON or Open Referral UK JSON: dry_run=true reports row by row; a real run writes all or nothing")
            .Accepts<Stream>("text/csv", "application/geo+json", "application/json").Produces<ImportReport>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        Curated("/api/v1/exports").MapGet("", Export).WithName("ExportAssets")
            .WithSummary("Export the listings in your scope (all, for an admin) as CSV or GeoJSON that imports back unchanged")
            .Produces<Stream>(StatusCodes.Status200OK, "text/csv", "application/geo+json")
            .Produces<Stream>(StatusCodes.Status206PartialContent, "text/csv", "application/geo+json")
            .ProducesProblem(StatusCodes.Status416RangeNotSatisfiable).ProducesValidationProblem();
        return app;
    }

    /// <param name="format">csv (the default), geojson (a FeatureCollection as exported) or openreferral (ORUK services).</param>
    /// <param name="dryRun">true: validate every row and report what would change, saving nothing.</param>
    /// <param name="onConflict">refuse (the default: a listing changed since your export is a row error) or overwrite.</param>
    private static async Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> Import(
        [FromQuery(Name = "format")] string? format, [FromQuery(Name = "dry_run")] bool? dryRun, [FromQuery(Name = "on_conflict")] string? onConflict,
        HttpRequest request, CsvImporter importer, ClaimsPrincipal user, CancellationToken ct)
    {
        if (format is not (null or "csv" or "geojson" or "openreferral")) return Problems.Invalid("format", "must be csv, geojson or openreferral.");
        if (onConflict is not (null or "refuse" or "overwrite"))
            return Problems.Invalid("on_conflict", "must be refuse (the default: a listing changed since your export is a row error) or overwrite.");
        var options = new ImportOptions(dryRun == true, onConflict == "overwrite");
        if (format is null or "csv" && request.ContentType is { } type && !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)
            && !type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send CSV", detail: "The body must be text/csv (or use format=geojson).");
        ImportReport? report;
        string? headerProblem;
        try
        {
            // ct is the request's: a client that goes away stops the import at its next listing, and nothing is written.
            (report, headerProblem) = await importer.ImportAsync(request.Body, format ?? "csv", options, user, ct);
        }
        catch (ImportFormatException problem)
        {
            return Problems.Invalid("body", problem.Message);
        }
        if (headerProblem is not null) return Problems.Invalid("body", headerProblem);
        if (report!.Errors > 0 && dryRun != true)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Nothing was imported",
                detail: $"{report.Errors} row(s) have errors, so no row was written. Fix them and import the whole file again.",
                extensions: new Dictionary<string, object?> { ["report"] = report });
        }
        return TypedResults.Ok(report);
    }

    /// <param name="format">csv (the default) or geojson.</param>
    private static async Task<Results<FileStreamHttpResult, ValidationProblem>> Export(
        [FromQuery(Name = "format")] string? format, DirectoryDbContext db, AssetWriter writer, ClaimsPrincipal user, CancellationToken ct)
    {
        if (format is not (null or "csv" or "geojson")) return Problems.Invalid("format", "must be csv or geojson.");
        var geojson = format == "geojson";
        // Written to a temporary file first, so the download has a Content-Length and answers byte ranges (GDAL's
        // /vsicurl/ needs both), and memory stays flat however large the directory. The file goes when the response does.
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var output = new StreamWriter(file, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await output.WriteAsync(geojson ? "{\"type\":\"FeatureCollection\",\"features\":[" : AssetCsv.Header);
        var first = true;

        // Streamed in batches, so a national directory never sits in memory at once.
        var scope = Scope.Listings(db.Assets.AsNoTracking(), user);
        Guid? after = null;
        while (true)
        {
            var batch = await writer.WithWriteDetails(scope.Where(a => after == null || a.Id.CompareTo(after.Value) > 0).OrderBy(a => a.Id).Take(200))
                .Include(a => a.Organisation).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var asset in batch)
            {
                // The write model names an existing venue by id only; a download carries its address too.
                var places = asset.Locations.ToDictionary(l => l.LocationId, l => l.Location);
                var write = AssetWriter.ToWriteBody(asset);
                write = write with
                {
                    Venues = [.. write.Venues.Select(v => v.LocationId is { } id && places.TryGetValue(id, out var place)
                        ? v with { Address1 = place.Address1, Address2 = place.Address2, Town = place.Town }
                        : v)],
                };
                var points = asset.Locations.OrderBy(l => l.Location.Name).ThenBy(l => l.LocationId).Select(l => (l.Location.Latitude, l.Location.Longitude)).ToList();
                var verification = new Verification(asset.LastVerifiedAt, asset.VerificationMethod);
                foreach (var fields in AssetCsv.Fields(asset.ExternalId ?? asset.Id.ToString(), asset.Organisation.Name, write, points, verification, asset.Version))
                {
                    var text = geojson
                        ? (first ? "" : ",") + AssetGeoJson.Feature(fields).ToJsonString()
                        : string.Join(',', fields.Select(Search.SearchFormats.Escape)) + "\r\n";
                    first = false;
                    await output.WriteAsync(text);
                }
            }
            after = batch[^1].Id;
        }
        if (geojson) await output.WriteAsync("]}");
        await output.DisposeAsync();
        file.Position = 0;
        return TypedResults.File(file, geojson ? "application/geo+json" : "text/csv; charset=utf-8",
            $"directory-export.{(geojson ? "geojson" : "csv")}", enableRangeProcessing: true);
    }
}
