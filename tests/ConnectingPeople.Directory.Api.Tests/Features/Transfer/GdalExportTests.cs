using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Data.Seed;
using ConnectingPeople.Directory.Api.Tests.Features.Signposting;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Transfer;

/// <summary>
/// GDAL opens the exports straight from the service over <c>/vsicurl/</c> (HEAD, Content-Length, byte ranges), as QGIS
/// and ogr2ogr would, with the admin key in a header. scripts/test.sh installs gdal-bin.
/// </summary>
public sealed partial class GdalExportTests(KestrelDirectoryApp app) : IClassFixture<KestrelDirectoryApp>
{
    [GeneratedRegex(@"Feature Count: (\d+)")]
    private static partial Regex FeatureCount();

    [GdalTheory]
    [InlineData("geojson", "GeoJSON")]
    [InlineData("csv", "CSV")]
    public async Task Ogrinfo_opens_the_export_over_vsicurl_and_counts_every_listing(string format, string driver)
    {
        for (var i = 0; i < 3; i++) await AnAsset($"GDAL walk {i}").At(Places.NewSpot()).SaveAsync(app);
        var key = await app.CreateKeyAsync(Roles.Admin);
        var url = new Uri(app.CreateClient().BaseAddress!, $"/api/v1/exports?format={format}");
        var body = await app.ClientWithKey(key).GetStringAsync(url);
        var expected = format == "geojson"
            ? JsonDocument.Parse(body).RootElement.GetProperty("features").GetArrayLength()
            : Csv.ReadRows(new StringReader(body)).Count() - 1;

        var start = new ProcessStartInfo("ogrinfo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-ro", "-so", "-al", "--config", "GDAL_HTTP_HEADERS", $"Authorization: Bearer {key}",
                     "--config", "CPL_VSIL_CURL_ALLOWED_EXTENSIONS", "{noext}", $"{driver}:/vsicurl/{url}" })
            start.ArgumentList.Add(argument);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception) { throw new InvalidOperationException("ogrinfo is not on PATH: run the tests with scripts/test.sh, which installs gdal-bin."); }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
            Assert.True(process.ExitCode == 0, $"ogrinfo failed (exit {process.ExitCode}):\n{await output}\n{await errors}");
            var counted = FeatureCount().Match(await output);
            Assert.True(counted.Success, $"ogrinfo printed no feature count:\n{await output}");
            Assert.True(expected >= 3);
            Assert.Equal(expected, int.Parse(counted.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>Skipped, saying why, only when scripts/test.sh could not install gdal-bin; otherwise a missing ogrinfo fails.</summary>
public sealed class GdalTheoryAttribute : TheoryAttribute
{
    public GdalTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable("DIRECTORY_GDAL_UNAVAILABLE") is { } reason) Skip = $"GDAL is not installed: {reason}";
    }
}
