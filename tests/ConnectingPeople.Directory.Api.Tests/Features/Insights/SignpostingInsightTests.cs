using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Insights;

/// <summary>Its own database: the insight totals cover every signpost in it.</summary>
public sealed class SignpostingInsightTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private static async Task SignpostAsync(HttpClient client, Guid assetId, string? outcome, DateOnly? on = null)
    {
        using var created = await client.PostAsJsonAsync("/api/v1/signposts",
            new { asset_id = assetId, support = "introduced", signposted_on = on?.ToString("yyyy-MM-dd") });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        if (outcome is null) return;
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        using var patched = await client.PatchAsJsonAsync($"/api/v1/signposts/{id}", new { outcome });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
    }

    private static JsonElement Row(JsonElement insights, string section, string key) =>
        Assert.Single(insights.GetProperty(section).EnumerateArray(), r => r.GetProperty("key").GetString() == key);

    [Fact]
    public async Task Counts_across_teams_by_asset_interest_and_area_with_1_to_7_suppressed_and_the_rest_rounded_to_5()
    {
        var sheffield = await AnAsset("Popular walk").At(Places.SheffieldCityHall).About("walking", "nature").SaveAsync(app);
        var york = await AnAsset("Small walk").At(Places.YorkMinster).About("walking").SaveAsync(app);
        var teamA = app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber, team: "Team A"));
        var teamB = app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber, team: "Team B"));
        foreach (var (client, outcome) in new[] { (teamA, "attended"), (teamA, "attended"), (teamA, "attended"), (teamA, "attended"), (teamA, "attended"),
                     (teamB, "attended"), (teamB, "attended"), (teamB, "attended"), (teamB, "did_not_attend") })
            await SignpostAsync(client, sheffield.Id, outcome);
        await SignpostAsync(teamA, sheffield.Id, "attended", DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-500))); // outside the default year
        foreach (var outcome in new[] { "attended", "declined", null })
            await SignpostAsync(teamB, york.Id, outcome);
        var viewer = app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber, team: "Team C"));

        var insights = JsonDocument.Parse(await viewer.GetStringAsync("/api/v1/insights/signposting")).RootElement;

        var popular = Row(insights, "by_asset", sheffield.Id.ToString());
        // 9 signposted and 8 attended, published rounded to the nearest 5; the rate from the published counts.
        Assert.Equal(("10", "10"), (popular.Shown("signposted"), popular.Shown("attended")));
        Assert.Equal(1.0, popular.GetProperty("conversion_rate").GetDouble());
        var small = Row(insights, "by_asset", york.Id.ToString());
        Assert.Equal(("<8", "<8"), (small.Shown("signposted"), small.Shown("attended")));
        Assert.Equal(JsonValueKind.Null, small.GetProperty("conversion_rate").ValueKind);
        var walking = Row(insights, "by_interest", "walking");
        Assert.Equal(("10", "10"), (walking.Shown("signposted"), walking.Shown("attended"))); // 12 and 9
        Assert.Equal("10", Row(insights, "by_interest", "nature").Shown("signposted"));
        Assert.Equal("10", Row(insights, "by_area", Places.SheffieldCityHall.LocalAuthorityCode).Shown("signposted"));
        Assert.Equal("<8", Row(insights, "by_area", Places.YorkMinster.LocalAuthorityCode).Shown("signposted"));
        Assert.Equal(8, insights.GetProperty("suppressed_below").GetInt32());
    }

    [Fact]
    public async Task A_date_range_selects_the_signposts_counted_and_a_backwards_range_is_refused()
    {
        var asset = await AnAsset("Ranged group").At(Places.BootleTownHall).SaveAsync(app);
        var client = app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber, team: "Range team"));
        var longAgo = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-600));
        for (var i = 0; i < 8; i++) await SignpostAsync(client, asset.Id, null, longAgo);

        var then = JsonDocument.Parse(await client.GetStringAsync(
            $"/api/v1/insights/signposting?from={longAgo.AddDays(-1):yyyy-MM-dd}&to={longAgo.AddDays(1):yyyy-MM-dd}")).RootElement;
        var now = JsonDocument.Parse(await client.GetStringAsync("/api/v1/insights/signposting")).RootElement;
        using var backwards = await client.GetAsync("/api/v1/insights/signposting?from=2026-02-01&to=2026-01-01");
        using var anonymous = await app.CreateClient().GetAsync("/api/v1/insights/signposting");

        Assert.Equal("10", Row(then, "by_asset", asset.Id.ToString()).Shown("signposted"));
        Assert.DoesNotContain(now.GetProperty("by_asset").EnumerateArray(), r => r.GetProperty("key").GetString() == asset.Id.ToString());
        await backwards.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "from");
        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_team_padding_a_count_with_its_own_signposts_does_not_uncover_another_teams()
    {
        var asset = await AnAsset("Padded group").At(Places.NewSpot()).SaveAsync(app);
        var other = app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber, team: "Other team"));
        var padder = app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber, team: "Padding team"));
        var outsider = app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber, team: "Outside team"));
        async Task<(string?, string?)> SeenBy(HttpClient viewer)
        {
            var row = Row(JsonDocument.Parse(await viewer.GetStringAsync("/api/v1/insights/signposting")).RootElement, "by_asset", asset.Id.ToString());
            return (row.Shown("signposted"), row.Shown("attended"));
        }

        await SignpostAsync(other, asset.Id, "attended");
        for (var i = 0; i < 7; i++) await SignpostAsync(padder, asset.Id, "attended");

        // 8 in all: published to a team with none of them, but not to the team whose 7 would give the other one away.
        Assert.Equal(("10", "10"), await SeenBy(outsider));
        Assert.Equal(("<8", "<8"), await SeenBy(padder));

        for (var i = 0; i < 7; i++) await SignpostAsync(other, asset.Id, "attended");
        Assert.Equal(("15", "15"), await SeenBy(padder));
    }
}
