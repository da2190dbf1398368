using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Data.Seed;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Curation;

public sealed class AssetWriteTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private async Task<HttpClient> CuratorAsync(Organisation organisation) =>
        app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));

    [Fact]
    public async Task A_created_listing_is_readable_searchable_and_its_venue_is_placed_at_its_postcode()
    {
        var organisation = await AnOrganisationAsync(app);
        var client = await CuratorAsync(organisation);

        var (created, etag) = await CreateAsync(client, AWalk(organisation.Id, "Created by a curator", "S1 2JA"));
        var id = created.GetProperty("id").GetGuid();
        var read = await app.GetJsonAsync<JsonElement>($"/api/v1/assets/{id}");
        var search = await app.GetJsonAsync<JsonElement>("/api/v1/search?postcode=S1%202JA&radius_km=1&q=curator");
        var postcode = Csv.ReadRecords(Path.Combine(TestDatabases.SeedDataDirectory, "reference", "postcodes", "pilot_area_postcodes.csv"))
            .First(r => r["postcode"] == "S1 2JA");

        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal("Created by a curator", read.GetProperty("name").GetString());
        Assert.Equal("Every Tuesday, 10:00 to 11:00", read.GetProperty("schedules")[0].GetProperty("summary").GetString());
        var venue = read.GetProperty("locations")[0];
        Assert.Equal(double.Parse(postcode["latitude"], CultureInfo.InvariantCulture), venue.GetProperty("latitude").GetDouble(), 6);
        Assert.Equal("E08000039", venue.GetProperty("local_authority_code").GetString());
        Assert.Contains(id, search.Ids());
    }

    [Fact]
    public async Task Every_problem_with_a_listing_is_reported_by_field_and_nothing_is_written()
    {
        var organisation = await AnOrganisationAsync(app);
        var client = await CuratorAsync(organisation);
        var body = AWalk(organisation.Id);
        body["interests"] = new JsonArray("health_walks", "underwater_basket_weaving");
        body["min_age"] = 70;
        body["max_age"] = 60;
        body["website"] = "not a url";
        body["contacts"] = new JsonArray(new JsonObject { ["email"] = "pat-at-example", ["phone"] = "12345" });
        body["venues"] = new JsonArray(new JsonObject { ["name"] = "Nowhere", ["postcode"] = "ZZ9 9ZZ" }, new JsonObject { ["name"] = "Off the map", ["postcode"] = "S1 2JA", ["latitude"] = 95, ["longitude"] = 0 });
        body["schedules"] = new JsonArray(
            new JsonObject { ["venue"] = 0, ["frequency"] = "weekly", ["day"] = "tue", ["start"] = "11:00", ["end"] = "10:00" },
            new JsonObject { ["venue"] = 5, ["frequency"] = "monthly", ["day"] = "wed", ["start"] = "10:00", ["end"] = "11:00" },
            new JsonObject { ["frequency"] = "fortnightly", ["day"] = "thu", ["start"] = "10:00", ["end"] = "11:00" });
        var before = await app.WithDbAsync(db => db.Assets.CountAsync());

        using var response = await client.PostAsync("/api/v1/assets", Json(body));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToHashSet();

        Assert.Superset(new HashSet<string>
        {
            "interests[1]", "max_age", "website", "contacts[0].email", "contacts[0].phone", "venues[0].postcode", "venues[1].latitude",
            "schedules[0].end", "schedules[1].venue", "schedules[1].week_of_month", "schedules[2].valid_from",
        }, fields);
        Assert.Equal(before, await app.WithDbAsync(db => db.Assets.CountAsync()));
    }

    [Theory]
    [InlineData("nmae", "\"Typo\"")]
    [InlineData("status", "\"open\"")]
    [InlineData("min_age", "\"old\"")]
    public async Task A_misspelt_field_or_a_wrong_value_is_a_400_naming_it(string field, string value)
    {
        var organisation = await AnOrganisationAsync(app);
        var client = await CuratorAsync(organisation);
        var body = AWalk(organisation.Id);
        body[field] = JsonNode.Parse(value);

        using var response = await client.PostAsync("/api/v1/assets", Json(body));

        var problem = await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, field);
        Assert.DoesNotContain("ConnectingPeople", problem.GetRawText());
    }

    [Fact]
    public async Task Updates_need_the_current_etag_428_without_412_when_stale()
    {
        var organisation = await AnOrganisationAsync(app);
        var client = await CuratorAsync(organisation);
        var (created, firstTag) = await CreateAsync(client, AWalk(organisation.Id));
        var url = $"/api/v1/assets/{created.GetProperty("id").GetGuid()}";

        using var withoutTag = await client.SendAsync(WithIfMatch(HttpMethod.Put, url, Json(AWalk(organisation.Id, "No tag")), null));
        using var first = await client.SendAsync(WithIfMatch(HttpMethod.Put, url, Json(AWalk(organisation.Id, "First edit")), firstTag));
        using var stale = await client.SendAsync(WithIfMatch(HttpMethod.Put, url, Json(AWalk(organisation.Id, "Stale edit")), firstTag));
        using var staleDelete = await client.SendAsync(WithIfMatch(HttpMethod.Delete, url, null, firstTag));

        await withoutTag.AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(firstTag, first.Headers.ETag!.Tag);
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await staleDelete.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal("First edit", (await app.GetJsonAsync<JsonElement>(url)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Two_curators_editing_at_once_exactly_one_wins_and_the_other_is_told()
    {
        var organisation = await AnOrganisationAsync(app);
        var alice = await CuratorAsync(organisation);
        var bob = await CuratorAsync(organisation);
        var (created, etag) = await CreateAsync(alice, AWalk(organisation.Id));
        var url = $"/api/v1/assets/{created.GetProperty("id").GetGuid()}";

        for (var round = 0; round < 5; round++)
        {
            var tag = (await app.CreateClient().GetAsync(url)).Headers.ETag!.Tag;
            var edits = await Task.WhenAll(
                alice.SendAsync(WithIfMatch(HttpMethod.Put, url, Json(AWalk(organisation.Id, $"Alice {round}")), tag)),
                bob.SendAsync(WithIfMatch(HttpMethod.Put, url, Json(AWalk(organisation.Id, $"Bob {round}")), tag)));

            var statuses = edits.Select(e => e.StatusCode).ToList();
            Assert.Single(statuses, s => s == HttpStatusCode.OK);
            Assert.Single(statuses, s => s == HttpStatusCode.PreconditionFailed);
            var winner = edits[statuses.IndexOf(HttpStatusCode.OK)] == edits[0] ? $"Alice {round}" : $"Bob {round}";
            Assert.Equal(winner, (await app.GetJsonAsync<JsonElement>(url)).GetProperty("name").GetString());
        }
        Assert.NotNull(etag);
    }

    [Fact]
    public async Task A_merge_patch_changes_only_what_it_names_and_null_removes()
    {
        var organisation = await AnOrganisationAsync(app);
        var client = await CuratorAsync(organisation);
        var (created, etag) = await CreateAsync(client, AWalk(organisation.Id, "Before patch"));
        var url = $"/api/v1/assets/{created.GetProperty("id").GetGuid()}";

        using var patched = await client.SendAsync(WithIfMatch(HttpMethod.Patch, url,
            MergePatch(new JsonObject { ["name"] = "After patch", ["summary"] = null, ["max_age"] = 90 }), etag));
        var body = JsonDocument.Parse(await patched.Content.ReadAsStringAsync()).RootElement;
        using var typo = await client.SendAsync(WithIfMatch(HttpMethod.Patch, url, MergePatch(new JsonObject { ["nmae"] = "x" }), patched.Headers.ETag!.Tag));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("After patch", body.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("summary").ValueKind);
        Assert.Equal(90, body.GetProperty("max_age").GetInt32());
        Assert.Equal(created.GetProperty("schedules")[0].GetProperty("rrule").GetString(), body.GetProperty("schedules")[0].GetProperty("rrule").GetString());
        Assert.Equal(created.GetProperty("locations")[0].GetProperty("id").GetGuid(), body.GetProperty("locations")[0].GetProperty("id").GetGuid());
        await typo.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "nmae");
    }

    [Fact]
    public async Task Delete_is_soft_restore_brings_it_back_and_history_shows_every_step()
    {
        var organisation = await AnOrganisationAsync(app);
        var client = await CuratorAsync(organisation);
        var (created, etag) = await CreateAsync(client, AWalk(organisation.Id, "Short-lived"));
        var id = created.GetProperty("id").GetGuid();
        var url = $"/api/v1/assets/{id}";

        using var updated = await client.SendAsync(WithIfMatch(HttpMethod.Put, url, Json(AWalk(organisation.Id, "Renamed")), etag));
        using var deleted = await client.SendAsync(WithIfMatch(HttpMethod.Delete, url, null, updated.Headers.ETag!.Tag));
        using var whileDeleted = await app.CreateClient().GetAsync(url);
        var stillInDatabase = await app.WithDbAsync(db => db.Assets.IgnoreQueryFilters().AnyAsync(a => a.Id == id && a.DeletedAt != null));
        using var restored = await client.PostAsync($"{url}/restore", null);
        using var verified = await client.PostAsync($"{url}/verify", Json(new JsonObject { ["method"] = "phone", ["note"] = "Rang the organiser" }));
        var history = await (await client.GetAsync($"{url}/history")).Content.ReadAsStringAsync();
        var entries = JsonDocument.Parse(history).RootElement.EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await whileDeleted.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.True(stillInDatabase);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal("phone", JsonDocument.Parse(await verified.Content.ReadAsStringAsync()).RootElement.GetProperty("verification_method").GetString());
        Assert.Equal(["created", "updated", "deleted", "restored", "verified"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal("curator test key", e.GetProperty("actor").GetString()));
        var update = entries[1];
        Assert.Equal("Short-lived", update.GetProperty("before").GetProperty("name").GetString());
        Assert.Equal("Renamed", update.GetProperty("after").GetProperty("name").GetString());
        using var anonymousHistory = await app.CreateClient().GetAsync($"{url}/history");
        await anonymousHistory.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_changes_feed_resumes_from_a_cursor_without_missing_or_repeating()
    {
        var organisation = await AnOrganisationAsync(app);
        var client = await CuratorAsync(organisation);
        var start = (await app.GetJsonAsync<JsonElement>("/api/v1/changes?since=0&limit=1000")).GetProperty("next_cursor").GetInt64();

        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add((await CreateAsync(client, AWalk(organisation.Id, $"Feed {i}"))).Body.GetProperty("id").GetGuid());

        var seen = new List<(long Cursor, Guid Id)>();
        var cursor = start;
        while (true)
        {
            var page = await app.GetJsonAsync<JsonElement>($"/api/v1/changes?since={cursor}&limit=2");
            seen.AddRange(page.GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("cursor").GetInt64(), c.GetProperty("entity_id").GetGuid())));
            cursor = page.GetProperty("next_cursor").GetInt64();
            if (!page.GetProperty("has_more").GetBoolean()) break;
        }

        Assert.Superset(ids.ToHashSet(), seen.Select(s => s.Id).ToHashSet());
        Assert.Equal(seen.Count, seen.Select(s => s.Cursor).Distinct().Count());
        Assert.Equal(seen.Select(s => s.Cursor).Order(), seen.Select(s => s.Cursor));
    }
}
