using System.Net;
using System.Text;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Data.Seed;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Transfer;

public sealed class ImportExportTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private static readonly string[] Postcodes = ["S1 2JA", "S10 5BR", "L20 7AE", "L17 1AP", "YO1 7HH", "PR8 1DB"];

    private static HttpContent Csv(string text) => new StringContent(text, Encoding.UTF8, "text/csv");

    private static string Row(params string[] fields) => string.Join(',', fields.Select(f => f.Contains(',') ? $"\"{f}\"" : f)) + "\r\n";

    private static string BulkFile(string organisation, int listings, Func<int, (string Interests, string Postcode, string Schedule)>? vary = null)
    {
        var csv = new StringBuilder("external_id,organisation,name,interests,costs,venue_name,postcode,schedules\r\n");
        for (var i = 0; i < listings; i++)
        {
            var (interests, postcode, schedule) = vary?.Invoke(i) ?? ("walking", Postcodes[i % Postcodes.Length], "Every Tuesday, 10:00 to 12:00");
            csv.Append(Row($"bulk-{organisation}-{i}", organisation, $"Bulk group {i}", interests, "free", $"Hall {i % 20}", postcode, schedule));
        }
        return csv.ToString();
    }

    [Fact]
    public async Task A_thousand_rows_with_three_bad_ones_are_rejected_whole_naming_those_rows_then_the_fixed_file_imports_once()
    {
        var organisation = await AnOrganisationAsync(app, "Bulk importers");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        var bad = new Dictionary<int, (string, string, string)>
        {
            [9] = ("walking", "ZZ9 9ZZ", "Every Tuesday, 10:00 to 12:00"),
            [499] = ("walking", "S1 2JA", "Every Funday, 10:00 to 12:00"),
            [998] = ("underwater_basket_weaving", "S1 2JA", "Every Tuesday, 10:00 to 12:00"),
        };
        var broken = BulkFile(organisation.Name, 1000, i => bad.GetValueOrDefault(i, ("walking", Postcodes[i % Postcodes.Length], "Every Tuesday, 10:00 to 12:00")));
        var before = await app.WithDbAsync(db => db.Assets.CountAsync());

        using var rejected = await curator.PostAsync("/api/v1/imports?format=csv", Csv(broken));
        var problem = await rejected.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        var errorRows = problem.GetProperty("report").GetProperty("rows").EnumerateArray()
            .Where(r => r.GetProperty("status").GetString() == "error").Select(r => r.GetProperty("row").GetInt32()).ToList();

        Assert.Equal([11, 501, 1000], errorRows);
        Assert.Equal(before, await app.WithDbAsync(db => db.Assets.CountAsync()));

        var fixedFile = BulkFile(organisation.Name, 1000);
        using var dryRun = await curator.PostAsync("/api/v1/imports?format=csv&dry_run=true", Csv(fixedFile));
        var dry = JsonDocument.Parse(await dryRun.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1000, dry.GetProperty("created").GetInt32());
        Assert.False(dry.GetProperty("applied").GetBoolean());
        Assert.Equal(before, await app.WithDbAsync(db => db.Assets.CountAsync()));

        using var imported = await curator.PostAsync("/api/v1/imports?format=csv", Csv(fixedFile));
        using var again = await curator.PostAsync("/api/v1/imports?format=csv", Csv(fixedFile));
        var first = JsonDocument.Parse(await imported.Content.ReadAsStringAsync()).RootElement;
        var second = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(1000, first.GetProperty("created").GetInt32());
        Assert.True(first.GetProperty("applied").GetBoolean());
        Assert.Equal(1000, second.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, second.GetProperty("created").GetInt32() + second.GetProperty("updated").GetInt32());
        Assert.Equal(before + 1000, await app.WithDbAsync(db => db.Assets.CountAsync()));
        // Rows naming the same venue (name and postcode) share one location rather than making a copy each.
        var venues = await app.WithDbAsync(db => db.Assets.Where(a => a.OrganisationId == organisation.Id)
            .SelectMany(a => a.Locations).Select(l => l.LocationId).Distinct().CountAsync());
        var distinctVenues = Enumerable.Range(0, 1000).Select(i => (i % 20, Postcodes[i % Postcodes.Length])).Distinct().Count();
        Assert.Equal(distinctVenues, venues);
    }

    [Fact]
    public async Task A_changed_row_updates_its_listing_and_the_history_says_so()
    {
        var organisation = await AnOrganisationAsync(app, "Updaters");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        await curator.PostAsync("/api/v1/imports", Csv(BulkFile(organisation.Name, 3)));

        var changed = BulkFile(organisation.Name, 3, i => ("walking", Postcodes[i % Postcodes.Length], i == 1 ? "Every Thursday, 14:00 to 15:00" : "Every Tuesday, 10:00 to 12:00"));
        // A hand-made file carries no versions, so it says outright that it replaces what is there.
        var report = JsonDocument.Parse(await (await curator.PostAsync("/api/v1/imports?on_conflict=overwrite", Csv(changed))).Content.ReadAsStringAsync()).RootElement;
        var asset = await app.WithDbAsync(db => db.Assets.Include(a => a.Schedules).SingleAsync(a => a.ExternalId == $"bulk-{organisation.Name}-1"));

        Assert.Equal(1, report.GetProperty("updated").GetInt32());
        Assert.Equal(2, report.GetProperty("unchanged").GetInt32());
        Assert.Equal(Weekday.Thu, Assert.Single(asset.Schedules).Day);
        var history = await app.GetJsonAsync<JsonElement>($"/api/v1/assets/{asset.Id}/history", curator);
        Assert.Equal("overwritten", history[history.GetArrayLength() - 1].GetProperty("action").GetString());
    }

    [Fact]
    public async Task Unknown_columns_and_rows_outside_the_curators_scope_are_refused()
    {
        var mine = await AnOrganisationAsync(app, "Scoped importer");
        var theirs = await AnOrganisationAsync(app, "Someone else");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [mine.Id]));

        using var badHeader = await curator.PostAsync("/api/v1/imports", Csv("external_id,organisation,name,colour\r\nx,y,z,red\r\n"));
        using var outside = await curator.PostAsync("/api/v1/imports", Csv(BulkFile(theirs.Name, 1)));
        using var anonymous = await app.CreateClient().PostAsync("/api/v1/imports", Csv(BulkFile(mine.Name, 1)));

        await badHeader.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "body");
        var problem = await outside.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("outside", problem.GetProperty("report").GetProperty("rows")[0].GetProperty("errors")[0].GetString());
        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}

/// <summary>Export from the sample directory, import into an empty one, export again: the same listings.</summary>
public sealed class RoundTripTests(SampleDataApp source) : IClassFixture<SampleDataApp>
{
    [Theory]
    [InlineData("csv", "text/csv")]
    [InlineData("geojson", "application/geo+json")]
    public async Task An_export_imports_into_an_empty_directory_and_exports_again_the_same(string format, string contentType)
    {
        var sourceAdmin = source.ClientWithKey(await source.CreateKeyAsync(Roles.Admin));
        var exported = await sourceAdmin.GetStringAsync($"/api/v1/exports?format={format}");
        var sourceCsv = await sourceAdmin.GetStringAsync("/api/v1/exports?format=csv");

        await using var empty = new DirectoryApp();
        await ((IAsyncLifetime)empty).InitializeAsync();
        try
        {
            var admin = empty.ClientWithKey(await empty.CreateKeyAsync(Roles.Admin));
            using var import = await admin.PostAsync($"/api/v1/imports?format={format}", new StringContent(exported, Encoding.UTF8, contentType));
            var report = JsonDocument.Parse(await import.Content.ReadAsStringAsync()).RootElement;
            var reexported = await admin.GetStringAsync("/api/v1/exports?format=csv");

            Assert.True(import.IsSuccessStatusCode, report.GetRawText()[..Math.Min(2000, report.GetRawText().Length)]);
            Assert.Equal(await source.WithDbAsync(db => db.Assets.CountAsync()), report.GetProperty("created").GetInt32());
            Assert.Equal(Rows(sourceCsv), Rows(reexported));
        }
        finally
        {
            await ((IAsyncLifetime)empty).DisposeAsync();
        }
    }

    private static List<string> Rows(string csv)
    {
        using var reader = new StringReader(csv);
        // Versions belong to the database a listing lives in, so a copy's differ from the original's.
        var rows = Csv.ReadRows(reader).ToList();
        var version = Array.IndexOf(rows[0], "version");
        return [.. rows.Skip(1).Select(r => string.Join("\u001f", r.Where((_, i) => i != version))).Order(StringComparer.Ordinal)];
    }
}

public sealed class GeoJsonExportTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Fact]
    public async Task The_geojson_export_is_a_feature_collection_with_a_point_per_listing_at_a_venue()
    {
        var organisation = await AnOrganisationAsync(app, "GeoJSON exporters");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        var body = AWalk(organisation.Id, "Mapped export", "YO1 7HH");
        await CreateAsync(curator, body);

        using var response = await curator.GetAsync("/api/v1/exports?format=geojson");
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var feature = Assert.Single(document.GetProperty("features").EnumerateArray());
        var point = await app.WithDbAsync(db => db.Postcodes.SingleAsync(p => p.Code == "YO17HH"));

        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("FeatureCollection", document.GetProperty("type").GetString());
        // Within 1e-5 degrees: rounding both to 5 places fails when the 6-place value written ends in 5.
        Assert.InRange(Math.Abs(point.Point.X - feature.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble()), 0, 1e-5);
        Assert.InRange(Math.Abs(point.Point.Y - feature.GetProperty("geometry").GetProperty("coordinates")[1].GetDouble()), 0, 1e-5);
        Assert.Equal("Mapped export", feature.GetProperty("properties").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_geojson_import_with_unknown_properties_is_refused()
    {
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        const string file = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"external_id\":\"x\",\"colour\":\"red\"}}]}";

        using var response = await curator.PostAsync("/api/v1/imports?format=geojson", new StringContent(file, Encoding.UTF8, "application/geo+json"));

        var problem = await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "body");
        Assert.Contains("colour", problem.GetRawText());
    }
}
