using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.ReadModel;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Transfer;

/// <summary>
/// Imports saved three listings at a time, with the read model on, and the import's tables analysed inside its
/// transaction from its third listing (ImportStatistics), so the chunked run also goes through that.
/// </summary>
public sealed class ChunksOfThree : DirectoryApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Import:ChunkSize", "3");
        builder.UseSetting("Import:AnalyzeFromRows", "3");
        builder.UseSetting("ReadModel:Enabled", "true");
    }

    public DirectoryModel Model => Services.GetRequiredService<DirectoryModel>();
}

/// <summary>The oracle: every listing checked and saved on its own, as imports did before chunks.</summary>
public sealed class OneByOne : DirectoryApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Import:ChunkSize", "1");
    }
}

/// <summary>
/// An import checks and saves listings a chunk at a time. The same file, with creates, updates, an unchanged listing, a
/// stale export, another organisation's id, a two-venue listing and a bad postcode spread over several chunks, gives the
/// same report and the same stored result as one listing at a time; every listing gets its audit entry, and the read
/// model sees them all.
/// </summary>
public sealed class ChunkedImportTests(ChunksOfThree chunked, OneByOne oneByOne) : IClassFixture<ChunksOfThree>, IClassFixture<OneByOne>
{
    private static HttpContent Csv(string text) => new StringContent(text, Encoding.UTF8, "text/csv");

    private const string Header = "external_id,organisation,name,summary,venue_name,postcode,delivery_modes,schedules,version\r\n";

    private sealed record Scenario(DirectoryApp App, Organisation Organisation, HttpClient Curator, string Clean, string Faulty, Dictionary<Guid, string> Names);

    /// <summary>Stored listings of the curator's organisation (one edited after the export) and of another, then two files naming them.</summary>
    private static async Task<Scenario> ArrangeAsync(DirectoryApp app)
    {
        // Named afresh each time: the test class's database is shared by its tests.
        var organisation = await AnOrganisationAsync(app, $"Chunked importers {Guid.NewGuid():N}");
        var other = await AnOrganisationAsync(app, $"Someone else {Guid.NewGuid():N}");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        var admin = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        using var seeded = await curator.PostAsync("/api/v1/imports", Csv(Header
            + $"kept,{organisation.Name},Kept walk,Same as ever,Old hall,S1 2JA,in_person,FREQ=WEEKLY;BYDAY=MO 10:00-11:00,\r\n"
            + $"renamed,{organisation.Name},Old name,Will be renamed,Old hall,S1 2JA,in_person,FREQ=WEEKLY;BYDAY=MO 10:00-11:00,\r\n"
            + $"edited-since,{organisation.Name},Edited walk,Before the edit,Old hall,S1 2JA,in_person,FREQ=WEEKLY;BYDAY=MO 10:00-11:00,\r\n"));
        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        var (theirs, _) = await CreateAsync(admin, AWalk(other.Id, "Their walk"));
        var theirId = theirs.GetProperty("id").GetGuid();
        var versions = await app.WithDbAsync(db => db.Assets.Where(a => a.OrganisationId == organisation.Id).ToDictionaryAsync(a => a.ExternalId!, a => a.Version));
        var editedId = await app.WithDbAsync(db => db.Assets.Where(a => a.OrganisationId == organisation.Id && a.ExternalId == "edited-since").Select(a => a.Id).SingleAsync());
        using var read = await curator.GetAsync($"/api/v1/assets/{editedId}");
        using var edit = await curator.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/assets/{editedId}", MergePatch(new JsonObject { ["summary"] = "After the edit" }), read.Headers.ETag!.Tag));
        Assert.True(edit.IsSuccessStatusCode, await edit.Content.ReadAsStringAsync());

        string Row(string id, string name, string hall = "Chunk hall", string postcode = "S1 2JA", string version = "", string? of = null) =>
            $"{id},{of ?? organisation.Name},{name},Made for the chunk test,{hall},{postcode},in_person,FREQ=WEEKLY;BYDAY=TU 10:00-12:00,{version}\r\n";
        // Rows 2-13: new listings sharing a hall the import creates, an update, an unchanged one, a two-venue listing.
        var clean = new StringBuilder(Header)
            .Append(Row("new-1", "New walk 1")).Append(Row("new-2", "New walk 2"))
            .Append(Row("renamed", "New name", "Old hall", version: versions["renamed"].ToString()))
            .Append($"kept,{organisation.Name},Kept walk,Same as ever,Old hall,S1 2JA,in_person,FREQ=WEEKLY;BYDAY=MO 10:00-11:00,{versions["kept"]}\r\n")
            .Append(Row("new-3", "New walk 3")).Append(Row("two-halls", "Two halls", "Chunk hall")).Append(Row("two-halls", "Two halls", "Second hall", "S10 5BR"))
            .Append(Row("new-4", "New walk 4", "Second hall", "S10 5BR")).Append(Row("new-5", "New walk 5")).Append(Row("new-6", "New walk 6"))
            .Append(Row("new-7", "New walk 7")).Append(Row("new-8", "New walk 8"))
            .ToString();
        // The same, then in later chunks: a stale export (row 14), another organisation's listing id (15), a postcode
        // that does not exist on a two-venue listing's second row (17), a listing whose rows are apart (19) and a fine row (20).
        var faulty = new StringBuilder(clean)
            .Append(Row("edited-since", "Edited walk", "Old hall", version: versions["edited-since"].ToString()))
            .Append(Row(theirId.ToString(), "Taken over", of: other.Name))
            .Append(Row("bad-hall", "Bad hall")).Append(Row("bad-hall", "Bad hall", "Nowhere hall", "ZZ9 9ZZ"))
            .Append(Row("new-9", "New walk 9")).Append(Row("new-1", "New walk 1 again")).Append(Row("new-10", "New walk 10"))
            .ToString();
        return new Scenario(app, organisation, curator, clean, faulty, new Dictionary<Guid, string> { [theirId] = "THEIR-ID" });
    }

    /// <summary>A report with the ids that differ between databases named instead, as comparable text, row by row.</summary>
    private static async Task<List<string>> ReportAsync(HttpResponseMessage response, Scenario scenario)
    {
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var report = body.TryGetProperty("report", out var inner) ? inner : body;
        var text = report.GetProperty("rows").EnumerateArray().Select(r => r.GetRawText()).ToList();
        text.Insert(0, $"{(int)response.StatusCode} created {report.GetProperty("created")} updated {report.GetProperty("updated")} unchanged {report.GetProperty("unchanged")} errors {report.GetProperty("errors")}");
        return [.. text.Select(t => scenario.Names.Aggregate(t, (s, id) => s.Replace(id.Key.ToString(), id.Value)))];
    }

    private sealed record Stored(string ExternalId, string Name, string? Summary, string Venues, string History);

    /// <summary>The organisation's listings as stored, each with its venues and the actions of its audit entries.</summary>
    private static Task<List<Stored>> StoredAsync(Scenario s) => s.App.WithDbAsync(async db =>
    {
        var assets = await db.Assets.Where(a => a.OrganisationId == s.Organisation.Id)
            .Select(a => new { a.Id, a.ExternalId, a.Name, a.Summary, Venues = a.Locations.Select(l => l.Location.Name + " " + l.Location.Postcode).ToList() }).ToListAsync();
        var ids = assets.Select(a => a.Id).ToList();
        var history = await db.AuditEntries.Where(e => e.EntityType == "asset" && ids.Contains(e.EntityId)).OrderBy(e => e.Id).Select(e => new { e.EntityId, e.Action }).ToListAsync();
        return assets.Select(a => new Stored(a.ExternalId!, a.Name, a.Summary, string.Join("; ", a.Venues.Order()),
            string.Join(",", history.Where(h => h.EntityId == a.Id).Select(h => h.Action)))).OrderBy(a => a.ExternalId).ToList();
    });

    private static async Task<(List<string> Dry, List<string> Refused, List<Stored> AfterRefusal, List<string> Imported, List<Stored> AfterImport, int HallsAfter)> RunAsync(DirectoryApp app)
    {
        var s = await ArrangeAsync(app);
        using var dry = await s.Curator.PostAsync("/api/v1/imports?dry_run=true", Csv(s.Faulty));
        var dryReport = await ReportAsync(dry, s);
        using var refused = await s.Curator.PostAsync("/api/v1/imports", Csv(s.Faulty));
        var refusedReport = await ReportAsync(refused, s);
        var afterRefusal = await StoredAsync(s);
        using var imported = await s.Curator.PostAsync("/api/v1/imports", Csv(s.Clean));
        var importedReport = await ReportAsync(imported, s);
        var halls = await app.WithDbAsync(db => db.AssetLocations.Where(l => l.Asset.OrganisationId == s.Organisation.Id).Select(l => l.LocationId).Distinct().CountAsync());
        return (dryReport, refusedReport, afterRefusal, importedReport, await StoredAsync(s), halls);
    }

    [Fact]
    public async Task A_file_over_several_chunks_imports_exactly_as_one_listing_at_a_time()
    {
        var expected = await RunAsync(oneByOne);
        var actual = await RunAsync(chunked);

        Assert.Equal(expected.Dry, actual.Dry);
        Assert.Equal(expected.Refused, actual.Refused);
        Assert.Equal(expected.AfterRefusal, actual.AfterRefusal);
        Assert.Equal(expected.Imported, actual.Imported);
        Assert.Equal(expected.AfterImport, actual.AfterImport);
        Assert.Equal(expected.HallsAfter, actual.HallsAfter);
    }

    [Fact]
    public async Task Row_errors_keep_their_row_numbers_across_chunks_and_a_faulty_file_writes_nothing()
    {
        var s = await ArrangeAsync(chunked);
        var before = await StoredAsync(s);

        using var dry = await s.Curator.PostAsync("/api/v1/imports?dry_run=true", Csv(s.Faulty));
        using var refused = await s.Curator.PostAsync("/api/v1/imports", Csv(s.Faulty));

        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        foreach (var response in new[] { dry, refused })
        {
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var report = body.TryGetProperty("report", out var inner) ? inner : body;
            var errors = report.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("errors").GetArrayLength() > 0)
                .ToDictionary(r => r.GetProperty("row").GetInt32(), r => string.Join(" ", r.GetProperty("errors").EnumerateArray().Select(e => e.GetString())));
            Assert.Equal([14, 15, 17, 19], errors.Keys.Order());
            Assert.StartsWith("version: changed since your export", errors[14]);
            Assert.StartsWith("outside your scope", errors[15]);
            Assert.StartsWith("postcode:", errors[17]);
            Assert.Contains("start at row 2", errors[19]);
            var renamed = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("row").GetInt32() == 4);
            Assert.Equal("updated", renamed.GetProperty("status").GetString());
            Assert.Contains(renamed.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "name"
                && c.GetProperty("before").GetString() == "Old name" && c.GetProperty("after").GetString() == "New name");
        }
        Assert.Equal(before, await StoredAsync(s));
    }

    [Fact]
    public async Task Every_listing_of_a_chunked_import_has_its_audit_entry_and_reaches_the_read_model()
    {
        var s = await ArrangeAsync(chunked);

        using var imported = await s.Curator.PostAsync("/api/v1/imports", Csv(s.Clean));

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var stored = await StoredAsync(s);
        string[] expected = ["edited-since", "kept", "new-1", "new-2", "new-3", "new-4", "new-5", "new-6", "new-7", "new-8", "renamed", "two-halls"];
        Assert.Equal(expected, stored.Select(a => a.ExternalId).Order(StringComparer.Ordinal));
        Assert.All(stored.Where(a => a.ExternalId.StartsWith("new-") || a.ExternalId == "two-halls"), a => Assert.Equal("created", a.History));
        Assert.Equal("created,updated", stored.Single(a => a.ExternalId == "renamed").History);
        Assert.Equal("created", stored.Single(a => a.ExternalId == "kept").History);
        Assert.Equal("Chunk hall S1 2JA; Second hall S10 5BR", stored.Single(a => a.ExternalId == "two-halls").Venues);
        // One hall each (the old one, and two the import made), shared by the listings of every chunk that meet there,
        // each with the one "created" entry the changes feed needs.
        var venueEntries = await chunked.WithDbAsync(db => db.AssetLocations.Where(l => l.Asset.OrganisationId == s.Organisation.Id).Select(l => l.LocationId).Distinct()
            .Select(id => db.AuditEntries.Count(e => e.EntityType == "location" && e.EntityId == id && e.Action == "created")).ToListAsync());
        Assert.Equal([1, 1, 1], venueEntries);

        // The search text of every listing is refreshed with its chunk: its name, its organisation's and its interest terms.
        var searchTexts = await chunked.WithDbAsync(db => db.Assets.Where(a => a.OrganisationId == s.Organisation.Id).Select(a => new { a.Name, a.SearchText }).ToListAsync());
        Assert.All(searchTexts, a => Assert.Contains($"{a.Name} ", a.SearchText));
        Assert.All(searchTexts, a => Assert.Contains(s.Organisation.Name, a.SearchText));

        var ids = await chunked.WithDbAsync(db => db.Assets.Where(a => a.OrganisationId == s.Organisation.Id).ToDictionaryAsync(a => a.Id, a => a.Name));
        for (var i = 0; i < 200 && !ids.All(id => chunked.Model.Assets.TryGetValue(id.Key, out var a) && a.Name == id.Value); i++) await Task.Delay(50);
        Assert.All(ids, id => Assert.Equal(id.Value, Assert.Contains(id.Key, (IDictionary<Guid, Asset>)chunked.Model.Assets).Name));
    }
}
