using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Search;

/// <summary>Where: radius, nearest, several venues, areas, service-area coverage and delivery modes.</summary>
public sealed class SearchPlaceTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Fact]
    public async Task Search_within_a_radius_returns_only_what_is_inside_it_nearest_first()
    {
        var origin = Places.NewSpot();
        await AnAsset("Far").At(origin.Offset(0, 2_400)).SaveAsync(app);
        await AnAsset("Near").At(origin.Offset(300, 0)).SaveAsync(app);
        await AnAsset("Middle").At(origin.Offset(-1_000, 500)).SaveAsync(app);
        await AnAsset("Outside").At(origin.Offset(3_200, 0)).SaveAsync(app);

        var page = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "radius_km=3"));

        Assert.Equal(["Near", "Middle", "Far"], page.Names());
        var distances = page.GetProperty("contents").EnumerateArray().Select(r => r.GetProperty("distance_m").GetDouble()).ToList();
        Assert.Equal(300, distances[0], 300 * 0.005);
        Assert.Equal(2_400, distances[2], 2_400 * 0.005);
        Assert.All(page.GetProperty("contents").EnumerateArray(), r => Assert.Equal("distance", r.GetProperty("match").GetString()));
        Assert.Equal("coordinates", page.GetProperty("origin").GetProperty("source").GetString());
    }

    [Fact]
    public async Task An_asset_with_several_venues_counts_once_by_its_nearest_venue_and_names_it()
    {
        var origin = Places.NewSpot();
        var far = origin.Offset(0, 2_000, "Far hall");
        var near = origin.Offset(0, -400, "Near hall");
        await AnAsset("Two venues").At(far).At(near).SaveAsync(app);
        await AnAsset("Single venue").At(origin.Offset(1_000, 0)).SaveAsync(app);

        var page = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "radius_km=5"));
        var first = page.GetProperty("contents")[0];

        Assert.Equal(["Two venues", "Single venue"], page.Names());
        Assert.Equal(2, page.GetProperty("total_items").GetInt32());
        Assert.Equal("Near hall", first.GetProperty("venue").GetProperty("name").GetString());
        Assert.Equal(400, first.GetProperty("distance_m").GetDouble(), 400 * 0.005);
    }

    [Fact]
    public async Task With_a_day_asked_for_a_listing_counts_by_the_nearest_venue_that_holds_such_a_session()
    {
        var origin = Places.NewSpot();
        var near = origin.Offset(0, 300, "Near hall, Mondays");
        var far = origin.Offset(0, -1_500, "Far hall, Tuesdays");
        await AnAsset("Walks from two halls").At(near).At(far)
            .With(a => a.Schedules.AddRange([
                Session(Weekday.Mon, a.Locations[0].Location.Id),
                Session(Weekday.Tue, a.Locations[1].Location.Id),
            ])).SaveAsync(app);

        var anyDay = (await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin))).GetProperty("contents")[0];
        var tuesday = (await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "day=tue"))).GetProperty("contents")[0];

        Assert.Equal("Near hall, Mondays", anyDay.GetProperty("venue").GetProperty("name").GetString());
        Assert.Equal("Far hall, Tuesdays", tuesday.GetProperty("venue").GetProperty("name").GetString());
        Assert.Equal(1_500, tuesday.GetProperty("distance_m").GetDouble(), 1_500 * 0.005);
        Assert.StartsWith("Every Tuesday", tuesday.GetProperty("schedule_summary").GetString());
        Assert.Equal(DayOfWeek.Tuesday, tuesday.GetProperty("next_session").GetProperty("start").GetDateTimeOffset().DayOfWeek);
    }

    private static Schedule Session(Weekday day, Guid locationId) => Api.Features.Schedules.ScheduleRules.Normalise(new Schedule
    {
        Frequency = ScheduleFrequency.Weekly, Day = day, StartTime = new TimeOnly(10, 0), EndTime = new TimeOnly(11, 0), LocationId = locationId,
    });

    [Fact]
    public async Task Nearest_returns_the_n_nearest_at_any_distance()
    {
        var origin = Places.NewSpot();
        await AnAsset("Ten km").At(origin.Offset(10_000, 0)).SaveAsync(app);
        await AnAsset("Twelve km").At(origin.Offset(0, 12_000)).SaveAsync(app);
        await AnAsset("Fifteen km").At(origin.Offset(-15_000, 0)).SaveAsync(app);

        var page = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "nearest=2"));

        Assert.Equal(["Ten km", "Twelve km"], page.Names());
    }

    [Fact]
    public async Task An_area_search_keeps_venues_inside_the_boundary_so_Sefton_Park_is_Liverpool_not_Sefton()
    {
        await AnAsset("Palm House Tai Chi").At(Places.SeftonParkPalmHouse).SaveAsync(app);
        await AnAsset("Bootle Lunch Club").At(Places.BootleTownHall).SaveAsync(app);
        var origin = Places.SeftonParkPalmHouse;

        var sefton = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "radius_km=20&area=E08000014"));
        var liverpool = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "radius_km=20&area=E08000012"));
        var anywhere = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "radius_km=20"));

        Assert.Contains("Bootle Lunch Club", sefton.Names());
        Assert.DoesNotContain("Palm House Tai Chi", sefton.Names());
        Assert.Contains("Palm House Tai Chi", liverpool.Names());
        Assert.DoesNotContain("Bootle Lunch Club", liverpool.Names());
        Assert.Contains("Palm House Tai Chi", anywhere.Names());
        Assert.Contains("Bootle Lunch Club", anywhere.Names());
    }

    [Fact]
    public async Task A_phone_service_covering_a_borough_is_a_coverage_match_there_and_nowhere_else()
    {
        await AnAsset("Sefton Friendly Calls").Covering("E08000014", "Sefton").About("telephone_befriending").SaveAsync(app);

        var inBootle = await app.GetJsonAsync<JsonElement>(SearchClient.Near(Places.BootleTownHall, "interests=befriending"));
        var inYork = await app.GetJsonAsync<JsonElement>(SearchClient.Near(Places.YorkMinster, "interests=befriending"));
        var inPerson = await app.GetJsonAsync<JsonElement>(SearchClient.Near(Places.BootleTownHall, "interests=befriending&delivery=in_person"));

        var hit = Assert.Single(inBootle.GetProperty("contents").EnumerateArray());
        Assert.Equal("coverage", hit.GetProperty("match").GetString());
        Assert.Equal(JsonValueKind.Null, hit.GetProperty("distance_m").ValueKind);
        Assert.Equal(JsonValueKind.Null, hit.GetProperty("venue").ValueKind);
        Assert.Empty(inYork.Names());
        Assert.Empty(inPerson.Names());
    }

    [Fact]
    public async Task A_postcode_origin_is_resolved_and_echoed()
    {
        var page = await app.GetJsonAsync<JsonElement>("/api/v1/search?postcode=s12ja&radius_km=1");
        var origin = page.GetProperty("origin");

        Assert.Equal("postcode", origin.GetProperty("source").GetString());
        Assert.Equal("S1 2JA", origin.GetProperty("postcode").GetString());
        Assert.Equal(Places.SheffieldCityHall.Latitude, origin.GetProperty("latitude").GetDouble(), 6);
    }

    [Fact]
    public async Task A_postcode_we_only_know_by_district_searches_from_the_district_centroid()
    {
        var page = await app.GetJsonAsync<JsonElement>("/api/v1/search?postcode=M1&radius_km=1");
        Assert.Equal("district", page.GetProperty("origin").GetProperty("source").GetString());
    }
}
