using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Signposting;

public sealed class SignpostTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private async Task<HttpClient> PrescriberAsync(string team) => app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber, team: team));

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task A_prescriber_signposts_records_the_outcome_and_sees_it_in_the_teams_list()
    {
        var asset = await AnAsset("Signposted walk").At(Places.SheffieldCityHall).About("walking").SaveAsync(app);
        var client = await PrescriberAsync("Sheffield link workers");

        using var created = await client.PostAsJsonAsync("/api/v1/signposts",
            new { asset_id = asset.Id, support = "introduced", reference = "CASE-2024-0042" });
        var signpost = await ReadAsync(created, HttpStatusCode.Created);
        var id = signpost.GetProperty("id").GetGuid();
        using var outcome = await client.PatchAsJsonAsync($"/api/v1/signposts/{id}", new { outcome = "attended" });
        var updated = await ReadAsync(outcome, HttpStatusCode.OK);
        var attended = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/signposts?outcome=attended&asset_id={asset.Id}")).RootElement;
        var pending = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/signposts?outcome=none&asset_id={asset.Id}")).RootElement;
        var stored = await app.WithDbAsync(db => db.Signposts.AsNoTracking().SingleAsync(s => s.Id == id));
        var audited = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityId == id).Select(e => e.Action).ToListAsync());

        Assert.Equal("Sheffield link workers", signpost.GetProperty("team").GetString());
        Assert.Equal("introduced", signpost.GetProperty("support").GetString());
        Assert.Equal(asset.Locations.Single().LocationId, signpost.GetProperty("location_id").GetGuid());
        Assert.Equal("attended", updated.GetProperty("outcome").GetString());
        Assert.Equal(id, Assert.Single(attended.GetProperty("contents").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Empty(pending.GetProperty("contents").EnumerateArray());
        Assert.Equal(["walking"], stored.InterestCodes);
        Assert.Equal(Places.SheffieldCityHall.LocalAuthorityCode, stored.AreaCode);
        Assert.Equal(["created", "outcome"], audited);
    }

    [Fact]
    public async Task A_team_never_sees_or_changes_another_teams_records()
    {
        var asset = await AnAsset("Shared lunch club").At(Places.BootleTownHall).SaveAsync(app);
        var ours = await PrescriberAsync("Bootle PCN");
        var theirs = await PrescriberAsync("Crosby PCN");
        using var created = await ours.PostAsJsonAsync("/api/v1/signposts", new { asset_id = asset.Id, support = "information_only" });
        var id = (await ReadAsync(created, HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var theirList = JsonDocument.Parse(await theirs.GetStringAsync($"/api/v1/signposts?asset_id={asset.Id}")).RootElement;
        var ourList = JsonDocument.Parse(await ours.GetStringAsync($"/api/v1/signposts?asset_id={asset.Id}")).RootElement;
        using var theirGet = await theirs.GetAsync($"/api/v1/signposts/{id}");
        using var theirPatch = await theirs.PatchAsJsonAsync($"/api/v1/signposts/{id}", new { outcome = "declined" });

        Assert.Empty(theirList.GetProperty("contents").EnumerateArray());
        Assert.Single(ourList.GetProperty("contents").EnumerateArray());
        await theirGet.AssertProblemAsync(HttpStatusCode.NotFound);
        await theirPatch.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Null(await app.WithDbAsync(db => db.Signposts.Where(s => s.Id == id).Select(s => s.Outcome).SingleAsync()));
    }

    [Theory]
    [InlineData("9434765919")]
    [InlineData("S1 2JA")]
    [InlineData("someone@example.org")]
    [InlineData("07700 900123")]
    public async Task A_reference_that_looks_like_personal_data_is_refused_and_nothing_is_stored(string reference)
    {
        var asset = await AnAsset("Guarded group").At(Places.YorkMinster).SaveAsync(app);
        var client = await PrescriberAsync("York social prescribers");

        using var response = await client.PostAsJsonAsync("/api/v1/signposts", new { asset_id = asset.Id, support = "introduced", reference });

        await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "reference");
        Assert.Equal(0, await app.WithDbAsync(db => db.Signposts.CountAsync(s => s.AssetId == asset.Id)));
    }

    [Fact]
    public async Task Group_no_longer_running_opens_feedback_for_the_listings_curators()
    {
        var organisation = await AnOrganisationAsync(app, "Closed group org");
        var asset = await AnAsset("Closed coffee morning").OwnedBy(organisation).At(Places.SeftonParkPalmHouse).SaveAsync(app);
        var prescriber = await PrescriberAsync("Liverpool link workers");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        using var created = await prescriber.PostAsJsonAsync("/api/v1/signposts", new { asset_id = asset.Id, support = "accompanied_to_first_session" });
        var id = (await ReadAsync(created, HttpStatusCode.Created)).GetProperty("id").GetGuid();

        using var outcome = await prescriber.PatchAsJsonAsync($"/api/v1/signposts/{id}", new { outcome = "group_no_longer_running" });
        var queue = JsonDocument.Parse(await curator.GetStringAsync("/api/v1/curation/feedback")).RootElement;

        await ReadAsync(outcome, HttpStatusCode.OK);
        var report = Assert.Single(queue.GetProperty("contents").EnumerateArray(), f => f.GetProperty("asset_id").GetGuid() == asset.Id);
        Assert.Equal("closed", report.GetProperty("kind").GetString());
        Assert.StartsWith("A link worker recorded on ", report.GetProperty("message").GetString());
        Assert.DoesNotContain("Liverpool link workers", report.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Bad_input_names_the_field_and_writes_nothing()
    {
        var asset = await AnAsset("Validated group").At(Places.SheffieldCityHall).SaveAsync(app);
        var other = await AnAsset("Elsewhere").At(Places.YorkMinster).SaveAsync(app);
        var client = await PrescriberAsync("Validation team");
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(2)).ToString("yyyy-MM-dd");

        using var noSupport = await client.PostAsJsonAsync("/api/v1/signposts", new { asset_id = asset.Id });
        using var badSupport = await client.PostAsJsonAsync("/api/v1/signposts", new { asset_id = asset.Id, support = "dragged" });
        using var future = await client.PostAsJsonAsync("/api/v1/signposts", new { asset_id = asset.Id, support = "introduced", signposted_on = tomorrow });
        using var wrongVenue = await client.PostAsJsonAsync("/api/v1/signposts",
            new { asset_id = asset.Id, support = "introduced", location_id = other.Locations.Single().LocationId });
        using var unknown = await client.PostAsJsonAsync("/api/v1/signposts", new { asset_id = Guid.NewGuid(), support = "introduced" });
        using var created = await client.PostAsJsonAsync("/api/v1/signposts", new { asset_id = asset.Id, support = "introduced" });
        var id = (await ReadAsync(created, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using var badOutcome = await client.PatchAsJsonAsync($"/api/v1/signposts/{id}", new { outcome = "vanished" });
        using var outcomeBefore = await client.PatchAsJsonAsync($"/api/v1/signposts/{id}", new { outcome = "attended", outcome_on = "2020-01-01" });

        await noSupport.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "support");
        await badSupport.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "support");
        await future.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "signposted_on");
        await wrongVenue.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "location_id");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        await badOutcome.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "outcome");
        await outcomeBefore.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "outcome_on");
        Assert.Equal(1, await app.WithDbAsync(db => db.Signposts.CountAsync(s => s.AssetId == asset.Id)));
        Assert.Null(await app.WithDbAsync(db => db.Signposts.Where(s => s.Id == id).Select(s => s.Outcome).SingleAsync()));
    }

    [Fact]
    public async Task An_outcome_sent_with_a_stale_etag_is_refused()
    {
        var asset = await AnAsset("Raced group").At(Places.SheffieldCityHall).SaveAsync(app);
        var client = await PrescriberAsync("Racing team");
        using var created = await client.PostAsJsonAsync("/api/v1/signposts", new { asset_id = asset.Id, support = "introduced" });
        var id = (await ReadAsync(created, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var etag = created.Headers.ETag!.Tag;
        using var first = await client.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/signposts/{id}", Json(new JsonObject { ["outcome"] = "attended" }), etag));

        using var second = await client.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/signposts/{id}", Json(new JsonObject { ["outcome"] = "declined" }), etag));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await second.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(SignpostOutcome.Attended, await app.WithDbAsync(db => db.Signposts.Where(s => s.Id == id).Select(s => s.Outcome).SingleAsync()));
    }

    [Fact]
    public async Task Only_prescriber_keys_with_a_team_may_signpost()
    {
        var asset = await AnAsset("Keyed group").At(Places.SheffieldCityHall).SaveAsync(app);
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [Guid.NewGuid()]));

        using var anonymous = await app.CreateClient().PostAsJsonAsync("/api/v1/signposts", new { asset_id = asset.Id, support = "introduced" });
        using var byCurator = await curator.PostAsJsonAsync("/api/v1/signposts", new { asset_id = asset.Id, support = "introduced" });
        using var list = await app.CreateClient().GetAsync("/api/v1/signposts");

        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await byCurator.AssertProblemAsync(HttpStatusCode.Forbidden);
        await list.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Signposting_records_stay_out_of_the_public_changes_feed()
    {
        var asset = await AnAsset("Quiet group").At(Places.SheffieldCityHall).SaveAsync(app);
        var client = await PrescriberAsync("Quiet team");
        using var created = await client.PostAsJsonAsync("/api/v1/signposts", new { asset_id = asset.Id, support = "introduced", reference = "Q-77" });
        var id = (await ReadAsync(created, HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var feed = await app.CreateClient().GetStringAsync("/api/v1/changes?since=0&limit=1000");

        Assert.DoesNotContain(id.ToString(), feed);
        Assert.DoesNotContain("Q-77", feed);
    }
}
