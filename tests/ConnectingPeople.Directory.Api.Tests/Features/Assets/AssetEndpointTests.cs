using System.Net;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Assets;

public sealed class AssetEndpointTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Fact]
    public async Task An_asset_is_returned_in_full_with_its_venue_schedule_costs_and_terms()
    {
        var asset = await AnAsset("Hillsborough Health Walk").At(Places.SheffieldCityHall)
            .Meeting(Weekday.Tue, 10, 12).Meeting(Weekday.Thu, 14, 15, ScheduleFrequency.Monthly, weekOfMonth: 2)
            .About("health_walks").For("older_people").Accessible("wheelchair", "hearing_loop")
            .Costing(CostKind.Free).Aged(50, null).SaveAsync(app);

        using var response = await app.CreateClient().GetAsync($"/api/v1/assets/{asset.Id}");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("Hillsborough Health Walk", body.GetProperty("name").GetString());
        Assert.Equal("active", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("is_free").GetBoolean());
        Assert.Equal(50, body.GetProperty("min_age").GetInt32());
        var location = Assert.Single(body.GetProperty("locations").EnumerateArray());
        Assert.Equal(Places.SheffieldCityHall.Postcode, location.GetProperty("postcode").GetString());
        Assert.Equal(Places.SheffieldCityHall.Latitude, location.GetProperty("latitude").GetDouble(), 6);
        Assert.Equal(Places.SheffieldCityHall.Longitude, location.GetProperty("longitude").GetDouble(), 6);
        var schedules = body.GetProperty("schedules").EnumerateArray().ToList();
        Assert.Equal(["Every Tuesday, 10:00 to 12:00", "2nd Thursday of the month, 14:00 to 15:00"],
            schedules.Select(s => s.GetProperty("summary").GetString()));
        Assert.Equal(["FREQ=WEEKLY;BYDAY=TU", "FREQ=MONTHLY;BYDAY=2TH"], schedules.Select(s => s.GetProperty("rrule").GetString()));
        Assert.Equal(["health_walks"], Codes(body, "interests"));
        Assert.Equal(["older_people"], Codes(body, "audiences"));
        Assert.Equal(["hearing_loop", "wheelchair"], Codes(body, "accessibility").Order());
    }

    [Fact]
    public async Task A_fee_makes_an_asset_not_free_and_the_cost_reads_as_money()
    {
        var asset = await AnAsset("Choir").At(Places.YorkMinster).Costing(CostKind.Fee, 3.5m, CostPeriod.Session).SaveAsync(app);

        var body = await app.GetJsonAsync<JsonElement>($"/api/v1/assets/{asset.Id}");

        Assert.False(body.GetProperty("is_free").GetBoolean());
        Assert.Equal("£3.50 per session", body.GetProperty("cost_summary").GetString());
    }

    [Fact]
    public async Task An_unknown_asset_is_a_404_problem()
    {
        using var response = await app.CreateClient().GetAsync($"/api/v1/assets/{Guid.NewGuid()}");
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_soft_deleted_asset_is_neither_listed_nor_found()
    {
        var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = "Deleting org" };
        var asset = await AnAsset("Gone").OwnedBy(organisation).At(Places.BootleTownHall).SaveAsync(app);
        await app.WithDbAsync(db => db.Assets.Where(a => a.Id == asset.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.DeletedAt, DateTimeOffset.UtcNow)));

        using var response = await app.CreateClient().GetAsync($"/api/v1/assets/{asset.Id}");
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        var page = await app.GetJsonAsync<JsonElement>($"/api/v1/assets?organisation_id={organisation.Id}");
        Assert.Equal(0, page.GetProperty("total_items").GetInt32());
        Assert.True(page.GetProperty("empty").GetBoolean());
    }

    [Theory]
    [InlineData("/api/v1/assets/not-a-uuid", "id")]
    [InlineData("/api/v1/assets?page=abc", "page")]
    [InlineData("/api/v1/assets?page=0", "page")]
    [InlineData("/api/v1/assets?per_page=0", "per_page")]
    [InlineData("/api/v1/assets?per_page=101", "per_page")]
    [InlineData("/api/v1/assets?status=open", "status")]
    [InlineData("/api/v1/assets?organisation_id=42", "organisation_id")]
    [InlineData("/api/v1/assets?updated_since=yesterday", "updated_since")]
    public async Task Bad_parameters_are_400_problems_naming_the_parameter(string url, string field)
    {
        using var response = await app.CreateClient().GetAsync(url);
        await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Listing_pages_through_an_organisations_assets_with_the_standard_envelope()
    {
        var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = "Paging org" };
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add((await AnAsset($"Group {i}").OwnedBy(organisation).At(Places.YorkMinster).SaveAsync(app)).Id);

        var first = await app.GetJsonAsync<JsonElement>($"/api/v1/assets?organisation_id={organisation.Id}&per_page=2");
        var last = await app.GetJsonAsync<JsonElement>($"/api/v1/assets?organisation_id={organisation.Id}&per_page=2&page=3");

        Assert.Equal(5, first.GetProperty("total_items").GetInt32());
        Assert.Equal(3, first.GetProperty("total_pages").GetInt32());
        Assert.Equal(1, first.GetProperty("page_number").GetInt32());
        Assert.Equal(2, first.GetProperty("size").GetInt32());
        Assert.True(first.GetProperty("first_page").GetBoolean());
        Assert.False(first.GetProperty("last_page").GetBoolean());
        Assert.False(first.GetProperty("empty").GetBoolean());
        Assert.Equal(2, first.GetProperty("contents").GetArrayLength());
        Assert.True(last.GetProperty("last_page").GetBoolean());
        Assert.Single(last.GetProperty("contents").EnumerateArray());

        var seen = new List<Guid>();
        for (var page = 1; page <= 3; page++)
        {
            var body = await app.GetJsonAsync<JsonElement>($"/api/v1/assets?organisation_id={organisation.Id}&per_page=2&page={page}");
            seen.AddRange(body.GetProperty("contents").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));
        }
        Assert.Equal(ids.Order(), seen.Order());
    }

    [Fact]
    public async Task A_page_past_the_end_is_a_404_problem_naming_page()
    {
        var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = "Short org" };
        await AnAsset("Only one").OwnedBy(organisation).At(Places.YorkMinster).SaveAsync(app);

        using var response = await app.CreateClient().GetAsync($"/api/v1/assets?organisation_id={organisation.Id}&page=2");
        await response.AssertProblemNamingAsync(HttpStatusCode.NotFound, "page");
    }

    [Fact]
    public async Task Listing_filters_by_status_and_updated_since()
    {
        var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = "Filter org" };
        var closed = await AnAsset("Closed group").OwnedBy(organisation).WithStatus(AssetStatus.Closed).At(Places.YorkMinster).SaveAsync(app);
        var active = await AnAsset("Active group").OwnedBy(organisation).At(Places.YorkMinster).SaveAsync(app);
        var cutoff = DateTimeOffset.UtcNow.AddDays(-1);
        await app.WithDbAsync(db => db.Assets.Where(a => a.Id == active.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, cutoff.AddDays(-30))));

        var byStatus = await app.GetJsonAsync<JsonElement>($"/api/v1/assets?organisation_id={organisation.Id}&status=closed");
        var recent = await app.GetJsonAsync<JsonElement>(
            $"/api/v1/assets?organisation_id={organisation.Id}&updated_since={Uri.EscapeDataString(cutoff.ToString("O"))}");

        Assert.Equal([closed.Id], Ids(byStatus));
        Assert.Equal([closed.Id], Ids(recent));
    }

    private static IEnumerable<string?> Codes(JsonElement body, string property) =>
        body.GetProperty(property).EnumerateArray().Select(t => t.GetProperty("code").GetString());

    private static List<Guid> Ids(JsonElement page) =>
        [.. page.GetProperty("contents").EnumerateArray().Select(a => a.GetProperty("id").GetGuid())];
}
