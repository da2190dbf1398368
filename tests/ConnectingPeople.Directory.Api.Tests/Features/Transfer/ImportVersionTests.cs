using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Data.Seed;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Transfer;

/// <summary>An export imported back can never undo an edit made since; ids of what an edit leaves alone stay put.</summary>
public sealed class ImportVersionTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private static HttpContent Csv(string text) => new StringContent(text, Encoding.UTF8, "text/csv");

    private async Task<(Organisation Organisation, HttpClient Curator)> CuratorAsync(string name)
    {
        var organisation = await AnOrganisationAsync(app, name);
        return (organisation, app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id])));
    }

    /// <summary>The CSV with one column of every row rewritten.</summary>
    private static string Edit(string csv, string column, Func<string, string> change)
    {
        using var reader = new StringReader(csv);
        var rows = Api.Data.Seed.Csv.ReadRows(reader).ToList();
        var index = Array.IndexOf(rows[0], column);
        var text = new StringBuilder();
        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
            text.Append(string.Join(',', row.Select((v, c) => i > 0 && c == index ? change(v) : v).Select(Api.Features.Search.SearchFormats.Escape))).Append("\r\n");
        return text.ToString();
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return body.TryGetProperty("report", out var report) ? report : body;
    }

    private static JsonObject TwoSessionWalk(Guid organisation, string name)
    {
        var body = AWalk(organisation, name);
        body["costs"] = new JsonArray(new JsonObject { ["kind"] = "free" }, new JsonObject { ["kind"] = "fee", ["amount"] = 2.5, ["per"] = "session" });
        body["schedules"] = new JsonArray(
            new JsonObject { ["venue"] = 0, ["frequency"] = "weekly", ["day"] = "tue", ["start"] = "15:00", ["end"] = "16:00" },
            new JsonObject { ["venue"] = 0, ["frequency"] = "weekly", ["day"] = "thu", ["start"] = "10:00", ["end"] = "11:00" });
        return body;
    }

    /// <summary>A listing's child ids: its Tuesday and Thursday sessions, costs in kind order, contacts; as text that compares by value.</summary>
    private sealed record Children(string Tuesday, string Thursday, string Costs, string Contacts);

    private async Task<Children> ChildIdsAsync(Guid id) => await app.WithDbAsync(async db =>
    {
        var schedules = await db.Schedules.Where(s => s.AssetId == id).Select(s => new { s.Day, s.Id }).ToListAsync();
        return new Children(schedules.Single(s => s.Day == Weekday.Tue).Id.ToString(), schedules.Single(s => s.Day == Weekday.Thu).Id.ToString(),
            string.Join(',', await db.Set<AssetCost>().Where(c => c.AssetId == id).OrderBy(c => c.Kind).Select(c => c.Id).ToListAsync()),
            string.Join(',', await db.Set<AssetContact>().Where(c => c.AssetId == id).Select(c => c.Id).ToListAsync()));
    });

    [Fact]
    public async Task A_stale_export_cannot_undo_a_newer_edit_unless_the_import_says_overwrite()
    {
        var (organisation, curator) = await CuratorAsync("Stale exporters");
        var (created, etag) = await CreateAsync(curator, TwoSessionWalk(organisation.Id, "Afternoon walk"));
        var id = created.GetProperty("id").GetGuid();
        var export = await curator.GetStringAsync("/api/v1/exports?format=csv");
        var later = new JsonObject
        {
            ["schedules"] = new JsonArray(
                new JsonObject { ["venue"] = 0, ["frequency"] = "weekly", ["day"] = "tue", ["start"] = "15:00", ["end"] = "16:30" },
                new JsonObject { ["venue"] = 0, ["frequency"] = "weekly", ["day"] = "thu", ["start"] = "10:00", ["end"] = "11:00" }),
        };
        using var edited = await curator.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/assets/{id}", MergePatch(later), etag));

        using var refused = await curator.PostAsync("/api/v1/imports", Csv(export));
        using var dryRun = await curator.PostAsync("/api/v1/imports?dry_run=true", Csv(export));
        var afterRefusal = await app.WithDbAsync(db => db.Schedules.Where(s => s.AssetId == id && s.Day == Weekday.Tue).Select(s => s.EndTime).SingleAsync());
        using var overwritten = await curator.PostAsync("/api/v1/imports?on_conflict=overwrite", Csv(export));
        var afterOverwrite = await app.WithDbAsync(db => db.Schedules.Where(s => s.AssetId == id && s.Day == Weekday.Tue).Select(s => s.EndTime).SingleAsync());
        var history = await app.GetJsonAsync<JsonElement>($"/api/v1/assets/{id}/history", curator);

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var row = (await BodyAsync(refused)).GetProperty("rows")[0];
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("changed since your export: export again, or import with `on_conflict=overwrite`", row.GetProperty("errors")[0].GetString());
        Assert.Equal(new TimeOnly(16, 30), afterRefusal);
        var dryRow = (await BodyAsync(dryRun)).GetProperty("rows")[0];
        Assert.Equal("error", dryRow.GetProperty("status").GetString());
        Assert.Contains("schedules", dryRow.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.OK, overwritten.StatusCode);
        Assert.Equal(1, (await BodyAsync(overwritten)).GetProperty("updated").GetInt32());
        Assert.Equal(new TimeOnly(16, 0), afterOverwrite);
        Assert.Equal("overwritten", history[history.GetArrayLength() - 1].GetProperty("action").GetString());
    }

    [Fact]
    public async Task A_dry_run_shows_for_each_updated_row_the_fields_it_changes_before_and_after()
    {
        var (organisation, curator) = await CuratorAsync("Dry runners");
        await CreateAsync(curator, AWalk(organisation.Id, "Old name"));
        var export = await curator.GetStringAsync("/api/v1/exports?format=csv");

        using var dryRun = await curator.PostAsync("/api/v1/imports?dry_run=true", Csv(Edit(export, "name", _ => "New name")));
        var report = await BodyAsync(dryRun);
        var change = Assert.Single(report.GetProperty("rows")[0].GetProperty("changes").EnumerateArray());

        Assert.Equal(1, report.GetProperty("updated").GetInt32());
        Assert.Equal("name", change.GetProperty("field").GetString());
        Assert.Equal("Old name", change.GetProperty("before").GetString());
        Assert.Equal("New name", change.GetProperty("after").GetString());
    }

    [Fact]
    public async Task A_row_reports_all_its_problems_at_once()
    {
        var (organisation, curator) = await CuratorAsync("Careless typists");
        var csv = "external_id,organisation,name,min_age,interests,postcode,venue_name,schedules\r\n"
            + $"typo-1,{organisation.Name},Typos,old,underwater_basket_weaving,ZZ9 9ZZ,Nowhere,Every Tuesday 10:00 to 11:00\r\n";

        using var response = await curator.PostAsync("/api/v1/imports?dry_run=true", Csv(csv));
        var errors = (await BodyAsync(response)).GetProperty("rows")[0].GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();

        Assert.Contains(errors, e => e.StartsWith("min_age", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("interests", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("postcode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rows_of_one_listing_apart_in_the_file_are_a_row_error_naming_where_it_began()
    {
        var (organisation, curator) = await CuratorAsync("Shuffled rows");
        var csv = "external_id,organisation,name,venue_name,postcode\r\n"
            + $"a,{organisation.Name},A,Hall one,S1 2JA\r\nb,{organisation.Name},B,Hall two,S1 2JA\r\na,{organisation.Name},A,Hall three,S1 2JA\r\n";

        using var response = await curator.PostAsync("/api/v1/imports?dry_run=true", Csv(csv));
        var rows = (await BodyAsync(response)).GetProperty("rows").EnumerateArray().ToList();

        Assert.Equal(["created", "created", "error"], rows.Select(r => r.GetProperty("status").GetString()));
        Assert.Contains("start at row 2", rows[2].GetProperty("errors")[0].GetString());
    }

    [Fact]
    public async Task Schedules_costs_and_contacts_an_edit_leaves_alone_keep_their_ids_through_patch_put_and_reimport()
    {
        var (organisation, curator) = await CuratorAsync("Stable ids");
        var (created, etag) = await CreateAsync(curator, TwoSessionWalk(organisation.Id, "Stable walk"));
        var id = created.GetProperty("id").GetGuid();
        var original = await ChildIdsAsync(id);

        using var patched = await curator.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/assets/{id}", MergePatch(new JsonObject { ["summary"] = "Only the summary" }), etag));
        var afterPatch = await ChildIdsAsync(id);
        var put = TwoSessionWalk(organisation.Id, "Stable walk");
        put["venues"] = new JsonArray(new JsonObject { ["location_id"] = created.GetProperty("locations")[0].GetProperty("id").GetString() });
        put["schedules"]![1]!["end"] = "11:30";
        using var replaced = await curator.SendAsync(WithIfMatch(HttpMethod.Put, $"/api/v1/assets/{id}", Json(put), patched.Headers.ETag!.Tag));
        var afterPut = await ChildIdsAsync(id);
        var export = await curator.GetStringAsync("/api/v1/exports?format=csv");
        using var reimported = await curator.PostAsync("/api/v1/imports", Csv(Edit(export, "summary", _ => "Changed by import")));
        var afterImport = await ChildIdsAsync(id);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(original, afterPatch);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(original.Tuesday, afterPut.Tuesday);
        Assert.NotEqual(original.Thursday, afterPut.Thursday);
        Assert.Equal((original.Costs, original.Contacts), (afterPut.Costs, afterPut.Contacts));
        Assert.Equal(HttpStatusCode.OK, reimported.StatusCode);
        Assert.Equal(1, (await BodyAsync(reimported)).GetProperty("updated").GetInt32());
        Assert.Equal(afterPut, afterImport);
    }

    [Fact]
    public async Task History_lists_the_fields_each_change_made_and_names_venues_linked_by_id()
    {
        var (organisation, curator) = await CuratorAsync("Historians");
        var (first, _) = await CreateAsync(curator, AWalk(organisation.Id, "First at the hall"));
        var venue = first.GetProperty("locations")[0];
        var body = AWalk(organisation.Id, "Second at the hall");
        body["venues"] = new JsonArray(new JsonObject { ["location_id"] = venue.GetProperty("id").GetString() });
        var (second, etag) = await CreateAsync(curator, body);
        var id = second.GetProperty("id").GetGuid();
        using var renamed = await curator.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/assets/{id}", MergePatch(new JsonObject { ["name"] = "Renamed walk" }), etag));

        var history = await app.GetJsonAsync<JsonElement>($"/api/v1/assets/{id}/history", curator);
        var createdVenue = history[0].GetProperty("after").GetProperty("venues")[0];
        var change = Assert.Single(history[1].GetProperty("changes").EnumerateArray());

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(venue.GetProperty("name").GetString(), createdVenue.GetProperty("name").GetString());
        Assert.Equal(venue.GetProperty("postcode").GetString(), createdVenue.GetProperty("postcode").GetString());
        Assert.Equal("name", change.GetProperty("field").GetString());
        Assert.Equal("Second at the hall", change.GetProperty("before").GetString());
        Assert.Equal("Renamed walk", change.GetProperty("after").GetString());
    }
}
