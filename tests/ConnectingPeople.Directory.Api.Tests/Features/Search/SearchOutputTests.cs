using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Data.Seed;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Search;

/// <summary>How results come back: sorts, paging, next session, GeoJSON and CSV.</summary>
public sealed class SearchOutputTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Fact]
    public async Task Sort_by_name_and_by_next_session_reorder_the_same_results()
    {
        var origin = Places.NewSpot();
        await AnAsset("Bravo, Sunday").At(origin.Offset(100, 0)).Meeting(Weekday.Sun, 10, 11).SaveAsync(app);
        await AnAsset("Alpha, every day").At(origin.Offset(900, 0)).Meeting(Weekday.Mon, 9, 10).Meeting(Weekday.Tue, 9, 10)
            .Meeting(Weekday.Wed, 9, 10).Meeting(Weekday.Thu, 9, 10).Meeting(Weekday.Fri, 9, 10).Meeting(Weekday.Sat, 9, 10).Meeting(Weekday.Sun, 9, 10).SaveAsync(app);
        await AnAsset("Charlie, no sessions").At(origin.Offset(500, 0)).SaveAsync(app);

        var byDistance = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin));
        var byName = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "sort=name"));
        var bySession = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "sort=next_session"));

        Assert.Equal(["Bravo, Sunday", "Charlie, no sessions", "Alpha, every day"], byDistance.Names());
        Assert.Equal(["Alpha, every day", "Bravo, Sunday", "Charlie, no sessions"], byName.Names());
        Assert.Equal("Alpha, every day", bySession.Names()[0]);
        Assert.Equal("Charlie, no sessions", bySession.Names()[2]);
    }

    [Fact]
    public async Task Relevance_ranks_the_closer_text_match_first()
    {
        var origin = Places.NewSpot();
        await AnAsset("Community choir").At(origin).About("choir").With(a => a.Description = "Singing together every week: choir, songs and singing.").SaveAsync(app);
        await AnAsset("Lunch club with a sing-song").At(origin).About("lunch_club", "singing").SaveAsync(app);

        var page = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "q=choir singing&sort=relevance"));

        Assert.Equal("Community choir", page.Names()[0]);
    }

    [Fact]
    public async Task The_next_session_is_a_local_time_with_its_offset_and_fits_the_day_asked_for()
    {
        var origin = Places.NewSpot();
        await AnAsset("Tuesdays and Fridays").At(origin).Meeting(Weekday.Tue, 10, 12).Meeting(Weekday.Fri, 14, 15).SaveAsync(app);

        var page = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "day=fri"));
        var session = page.GetProperty("contents")[0].GetProperty("next_session");
        var start = DateTimeOffset.Parse(session.GetProperty("start").GetString()!, CultureInfo.InvariantCulture);
        var end = DateTimeOffset.Parse(session.GetProperty("end").GetString()!, CultureInfo.InvariantCulture);

        Assert.Equal(DayOfWeek.Friday, start.DayOfWeek);
        Assert.Equal(new TimeSpan(14, 0, 0), start.TimeOfDay);
        Assert.Equal(new TimeSpan(15, 0, 0), end.TimeOfDay);
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        Assert.Equal(london.GetUtcOffset(start.UtcDateTime), start.Offset);
        Assert.True(start > DateTimeOffset.UtcNow && start < DateTimeOffset.UtcNow.AddDays(8));
    }

    [Fact]
    public async Task Paging_walks_every_result_once_and_a_page_past_the_end_is_a_404()
    {
        var origin = Places.NewSpot();
        for (var i = 0; i < 5; i++) await AnAsset($"Group {i}").At(origin.Offset(100 * i, 0)).SaveAsync(app);

        var seen = new List<string>();
        for (var page = 1; page <= 3; page++)
            seen.AddRange((await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, $"per_page=2&page={page}"))).Names());
        using var past = await app.CreateClient().GetAsync(SearchClient.Near(origin, "per_page=2&page=4"));

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"Group {i}"), seen);
        await past.AssertProblemNamingAsync(HttpStatusCode.NotFound, "page");
    }

    [Theory]
    [InlineData("format=geojson", null)]
    [InlineData("", "application/geo+json")]
    public async Task GeoJson_is_a_feature_collection_of_points_in_longitude_latitude_order(string query, string? accept)
    {
        var origin = Places.NewSpot();
        var venue = origin.Offset(200, 200);
        await AnAsset("Mapped walk").At(venue).SaveAsync(app);
        await AnAsset("Borough phone line").Covering("E08000039", "Sheffield").SaveAsync(app);
        var client = app.CreateClient();
        if (accept is not null) client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));

        using var response = await client.GetAsync(SearchClient.Near(origin, query));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("FeatureCollection", body.GetProperty("type").GetString());
        var feature = Assert.Single(body.GetProperty("features").EnumerateArray());
        Assert.Equal("Feature", feature.GetProperty("type").GetString());
        Assert.Equal("Point", feature.GetProperty("geometry").GetProperty("type").GetString());
        var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
        // Within 1e-5 degrees (about a metre): rounding both to 5 places fails when the API's 6-place value ends in 5.
        Assert.InRange(Math.Abs(venue.Longitude - coordinates[0].GetDouble()), 0, 1e-5);
        Assert.InRange(Math.Abs(venue.Latitude - coordinates[1].GetDouble()), 0, 1e-5);
        Assert.Equal("Mapped walk", feature.GetProperty("properties").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_coverage_match_is_a_feature_with_a_null_geometry()
    {
        await AnAsset("York phone line").Covering("E06000014", "York").SaveAsync(app);

        using var response = await app.CreateClient().GetAsync(SearchClient.Near(Places.YorkMinster, "format=geojson"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var feature = body.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("name").GetString() == "York phone line");
        Assert.Equal(JsonValueKind.Null, feature.GetProperty("geometry").ValueKind);
        Assert.Equal("coverage", feature.GetProperty("properties").GetProperty("match").GetString());
    }

    [Fact]
    public async Task Csv_is_a_download_with_a_header_and_one_row_per_result()
    {
        var origin = Places.NewSpot();
        await AnAsset("Knit, natter & \"tea\"").At(origin).Costing(CostKind.Free).SaveAsync(app);
        await AnAsset("=HYPERLINK(\"x\")").At(origin.Offset(100, 0)).SaveAsync(app);

        using var response = await app.CreateClient().GetAsync(SearchClient.Near(origin, "format=csv"));
        var text = await response.Content.ReadAsStringAsync();
        using var reader = new StringReader(text);
        var rows = Csv.ReadRows(reader).ToList();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString() ?? response.Headers.ToString());
        Assert.Equal("name", rows[0][0]);
        Assert.Equal(3, rows.Count);
        Assert.Equal("Knit, natter & \"tea\"", rows[1][0]);
        Assert.Equal("yes", rows[1][Array.IndexOf(rows[0], "is_free")]);
        Assert.Equal("'=HYPERLINK(\"x\")", rows[2][0]);
    }

    [Fact]
    public async Task Whether_a_group_takes_new_members_comes_in_JSON_GeoJSON_and_CSV()
    {
        var origin = Places.NewSpot();
        await AnAsset("Alpha, full").At(origin).With(a => a.AcceptingNewMembers = false).SaveAsync(app);
        await AnAsset("Bravo, welcoming").At(origin.Offset(100, 0)).SaveAsync(app);
        var client = app.CreateClient();

        var json = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "radius_km=1"));
        var geojson = JsonDocument.Parse(await client.GetStringAsync(SearchClient.Near(origin, "radius_km=1&format=geojson"))).RootElement;
        using var reader = new StringReader(await client.GetStringAsync(SearchClient.Near(origin, "radius_km=1&format=csv")));
        var rows = Csv.ReadRows(reader).ToList();
        var column = rows[0].ToList().IndexOf("accepting_new_members");

        Assert.Equal([false, true], json.GetProperty("contents").EnumerateArray().Select(r => r.GetProperty("accepting_new_members").GetBoolean()));
        Assert.Equal([false, true], geojson.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("accepting_new_members").GetBoolean()));
        Assert.True(column >= 0);
        Assert.Equal(["no", "yes"], rows.Skip(1).Select(r => r[column]));
    }
}
