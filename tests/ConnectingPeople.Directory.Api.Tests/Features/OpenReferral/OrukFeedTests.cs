using System.Net;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Data.Seed;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.OpenReferral;

/// <summary>Filters that combine with AND, the mapping onto HSDS objects, and the feed being open to any origin.</summary>
public sealed class OrukFeedTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private async Task<List<string>> ServiceNamesAsync(string query) =>
        [.. (await app.GetJsonAsync<JsonElement>("/openreferral/services?per_page=100&" + query))
            .GetProperty("contents").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).Order()];

    [Fact]
    public async Task Service_filters_combine_with_and()
    {
        var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = "Oruk filters org" };
        var other = new Organisation { Id = Guid.CreateVersion7(), Name = "Other org" };
        await AnAsset("Oruk morning walk").OwnedBy(organisation).At(Places.YorkMinster).About("health_walks").Aged(60, 90).Meeting(Weekday.Tue, 10, 11).SaveAsync(app);
        await AnAsset("Oruk evening walk").OwnedBy(organisation).At(Places.YorkMinster).About("walking").Aged(18, 60).Meeting(Weekday.Tue, 19, 20).SaveAsync(app);
        await AnAsset("Oruk choir").OwnedBy(organisation).At(Places.YorkMinster).About("choir").Aged(60, 90).Meeting(Weekday.Wed, 10, 11).SaveAsync(app);
        await AnAsset("Oruk other walk").OwnedBy(other).At(Places.YorkMinster).About("walking").Meeting(Weekday.Tue, 10, 11).SaveAsync(app);
        var walking = TaxonomyLoader.TermId("interests", "walking");
        var interests = TaxonomyLoader.VocabularyId("interests");
        var org = $"organization_id={organisation.Id}";

        Assert.Equal(["Oruk choir", "Oruk evening walk", "Oruk morning walk"], await ServiceNamesAsync(org));
        Assert.Equal(["Oruk evening walk", "Oruk morning walk"], await ServiceNamesAsync($"{org}&taxonomy_term_id={walking}"));
        Assert.Equal(["Oruk choir", "Oruk evening walk", "Oruk morning walk"], await ServiceNamesAsync($"{org}&taxonomy_id={interests}"));
        Assert.Equal(["Oruk morning walk"], await ServiceNamesAsync($"{org}&taxonomy_term_id={walking}&minimum_age=60"));
        Assert.Equal(["Oruk evening walk"], await ServiceNamesAsync($"{org}&maximum_age=60"));
        Assert.Equal(["Oruk evening walk", "Oruk morning walk"], await ServiceNamesAsync($"{org}&day=TU"));
        Assert.Equal(["Oruk morning walk"], await ServiceNamesAsync($"{org}&day=TU&end_time=12:00"));
        Assert.Equal(["Oruk evening walk"], await ServiceNamesAsync($"{org}&start_time=18:00"));
        Assert.Equal(["Oruk choir"], await ServiceNamesAsync($"{org}&search=choir"));
        Assert.Equal(["Oruk other walk"], await ServiceNamesAsync($"organization_id={other.Id}&taxonomy_term_id={walking}&day=tuesday"));
        Assert.Empty(await ServiceNamesAsync($"{org}&modified_after={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"))}"));
    }

    [Fact]
    public async Task Service_at_locations_filter_by_postcode_and_proximity_in_metres()
    {
        await AnAsset("Oruk Palm House club").At(Places.SeftonParkPalmHouse).SaveAsync(app);
        await AnAsset("Oruk Bootle club").At(Places.BootleTownHall).SaveAsync(app);

        var near = await app.GetJsonAsync<JsonElement>("/openreferral/service_at_locations?postcode=L17%201AP&proximity=2000&per_page=100");
        var wide = await app.GetJsonAsync<JsonElement>("/openreferral/service_at_locations?postcode=L17%201AP&proximity=20000&per_page=100");

        List<string> Names(JsonElement page) => [.. page.GetProperty("contents").EnumerateArray().Select(c => c.GetProperty("service").GetProperty("name").GetString()!)];
        Assert.Contains("Oruk Palm House club", Names(near));
        Assert.DoesNotContain("Oruk Bootle club", Names(near));
        Assert.Contains("Oruk Bootle club", Names(wide));
    }

    [Fact]
    public async Task Service_at_locations_near_a_postcode_come_nearest_first()
    {
        var palmHouse = Places.SeftonParkPalmHouse;
        // Saved far to near, so that id order (the order without a proximity) would be the wrong answer.
        foreach (var metres in new[] { 1_800, 1_200, 600, 300, 0 })
            await AnAsset($"Oruk nearest-first {metres} m").At(palmHouse.Offset(metres, metres / 2)).SaveAsync(app);

        var page = await app.GetJsonAsync<JsonElement>("/openreferral/service_at_locations?postcode=L17%201AP&proximity=3000&per_page=100");
        var mine = page.GetProperty("contents").EnumerateArray().Select(c => c.GetProperty("service").GetProperty("name").GetString()!)
            .Where(n => n.StartsWith("Oruk nearest-first", StringComparison.Ordinal)).ToList();

        Assert.Equal(["Oruk nearest-first 0 m", "Oruk nearest-first 300 m", "Oruk nearest-first 600 m", "Oruk nearest-first 1200 m", "Oruk nearest-first 1800 m"], mine);
    }

    [Fact]
    public async Task A_service_maps_status_schedules_costs_areas_and_an_online_virtual_location()
    {
        var asset = await AnAsset("Oruk mapped").At(Places.SheffieldCityHall).WithStatus(AssetStatus.TemporarilyClosed)
            .Meeting(Weekday.Wed, 14, 16, ScheduleFrequency.Fortnightly, validFrom: new DateOnly(2026, 1, 5))
            .Meeting(Weekday.Fri, 10, 11, ScheduleFrequency.Monthly, weekOfMonth: -1)
            .Costing(CostKind.Fee, 2.5m, CostPeriod.Session).Accessible("wheelchair").About("choir")
            .Covering("E08000039", "Sheffield")
            .With(a => { a.DeliveryModes = [DeliveryModes.InPerson, DeliveryModes.Online]; a.Website = "https://example.org/mapped"; })
            .SaveAsync(app);

        var service = await app.GetJsonAsync<JsonElement>($"/openreferral/services/{asset.Id}");

        Assert.Equal("temporarily closed", service.GetProperty("status").GetString());
        var schedules = service.GetProperty("schedules").EnumerateArray().ToList();
        var fortnightly = schedules.Single(s => s.GetProperty("byday").GetString() == "WE");
        Assert.Equal("WEEKLY", fortnightly.GetProperty("freq").GetString());
        Assert.Equal(2, fortnightly.GetProperty("interval").GetInt32());
        Assert.Equal("2026-01-07", fortnightly.GetProperty("dtstart").GetString());
        Assert.Equal("14:00", fortnightly.GetProperty("opens_at").GetString());
        var monthly = schedules.Single(s => s.GetProperty("freq").GetString() == "MONTHLY");
        Assert.Equal("-1FR", monthly.GetProperty("byday").GetString());
        var cost = Assert.Single(service.GetProperty("cost_options").EnumerateArray());
        Assert.Equal(2.5m, cost.GetProperty("amount").GetDecimal());
        var area = Assert.Single(service.GetProperty("service_areas").EnumerateArray());
        Assert.Equal("geojson", area.GetProperty("extent_type").GetString());
        Assert.Equal("MultiPolygon", JsonDocument.Parse(area.GetProperty("extent").GetString()!).RootElement.GetProperty("type").GetString());
        var locations = service.GetProperty("service_at_locations").EnumerateArray().Select(s => s.GetProperty("location")).ToList();
        var physical = locations.Single(l => l.GetProperty("location_type").GetString() == "physical");
        Assert.Equal(Places.SheffieldCityHall.Latitude, physical.GetProperty("latitude").GetDouble(), 6);
        Assert.Equal("S1 2JA", physical.GetProperty("addresses")[0].GetProperty("postal_code").GetString());
        Assert.Equal("Wheelchair accessible", physical.GetProperty("accessibility")[0].GetProperty("description").GetString());
        Assert.Single(locations, l => l.GetProperty("location_type").GetString() == "virtual");
        Assert.Contains(service.GetProperty("attributes").EnumerateArray(), a => a.GetProperty("taxonomy_term").GetProperty("code").GetString() == "choir");
        await OrukSchemas.AssertValidAsync(service.GetRawText(), "service.json", "the mapped service");

        var virtualId = service.GetProperty("service_at_locations").EnumerateArray()
            .Single(s => s.GetProperty("location").GetProperty("location_type").GetString() == "virtual").GetProperty("id").GetString();
        var byId = await app.GetJsonAsync<JsonElement>($"/openreferral/service_at_locations/{virtualId}");
        Assert.Equal(asset.Id, byId.GetProperty("service").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task The_root_points_at_an_openapi_document_this_service_serves()
    {
        var root = await app.GetJsonAsync<JsonElement>("/openreferral/");
        var url = new Uri(root.GetProperty("openapi_url").GetString()!);
        var document = await app.GetJsonAsync<JsonElement>(url.PathAndQuery);

        Assert.Equal("HSDS-UK-3.0", root.GetProperty("version").GetString());
        Assert.True(document.GetProperty("paths").TryGetProperty("/services", out _));
        Assert.EndsWith("/openreferral", document.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("/openreferral/services", HttpStatusCode.OK)]
    [InlineData("/openreferral/services/not-a-uuid", HttpStatusCode.BadRequest)]
    [InlineData("/openreferral/services?per_page=0", HttpStatusCode.BadRequest)]
    [InlineData("/openreferral/taxonomies/00000000-0000-0000-0000-000000000000", HttpStatusCode.NotFound)]
    [InlineData("/openreferral/service_at_locations?postcode=ZZ9%209ZZ", HttpStatusCode.NotFound)]
    [InlineData("/openreferral/service_at_locations?proximity=500", HttpStatusCode.BadRequest)]
    public async Task Every_feed_response_allows_any_origin_errors_included(string url, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Origin", "https://some-app.example");
        using var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
