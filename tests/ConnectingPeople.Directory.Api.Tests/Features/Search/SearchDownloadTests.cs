using System.Net;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Seed;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Search;

/// <summary><c>all=true</c>: CSV and GeoJSON downloads of every match, checked against paging through the JSON.</summary>
public sealed class SearchDownloadTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Fact]
    public async Task All_returns_every_match_in_CSV_and_GeoJSON_in_the_order_paging_through_JSON_gives()
    {
        var origin = Places.NewSpot();
        var random = new Random(16);
        // More than two download pages (100 each) and many JSON pages, so a download that stopped at one page would show.
        for (var i = 0; i < 210; i++)
            await AnAsset($"Download walk {i}").At(origin.Offset(random.Next(0, 3000), random.Next(-3000, 3000))).About("walking").SaveAsync(app);
        const string query = "radius_km=5&interests=walking";

        var oracle = new List<Guid>();
        for (var page = 1; ; page++)
        {
            var json = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, $"{query}&per_page=40&page={page}"));
            oracle.AddRange(json.Ids());
            if (json.GetProperty("last_page").GetBoolean()) break;
        }
        var client = app.CreateClient();
        using var geoResponse = await client.GetAsync(SearchClient.Near(origin, $"{query}&format=geojson&all=true"));
        var geojson = JsonDocument.Parse(await geoResponse.Content.ReadAsStringAsync()).RootElement;
        using var csvResponse = await client.GetAsync(SearchClient.Near(origin, $"{query}&format=csv&all=true"));
        using var reader = new StringReader(await csvResponse.Content.ReadAsStringAsync());
        var rows = Csv.ReadRows(reader).ToList();
        var link = Array.IndexOf(rows[0], "link");

        Assert.Equal(210, oracle.Count);
        Assert.Equal(HttpStatusCode.OK, geoResponse.StatusCode);
        Assert.Equal("FeatureCollection", geojson.GetProperty("type").GetString());
        Assert.Equal(oracle, geojson.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetGuid()));
        Assert.Equal(210, geojson.GetProperty("total_items").GetInt32());
        Assert.Equal("210", geoResponse.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal(oracle.Select(id => $"/api/v1/assets/{id}"), rows.Skip(1).Select(r => r[link]));
    }

    [Fact]
    public async Task A_download_beyond_the_cap_is_a_400_naming_all_and_one_at_the_cap_is_whole()
    {
        using var capped = app.WithWebHostBuilder(b => b.UseSetting("Search:DownloadCap", "5"));
        var origin = Places.NewSpot();
        for (var i = 0; i < 5; i++) await AnAsset($"Capped walk {i}").At(origin.Offset(i * 100, 0)).SaveAsync(app);
        var client = capped.CreateClient();

        using var atCap = await client.GetAsync(SearchClient.Near(origin, "radius_km=2&format=geojson&all=true"));
        var whole = JsonDocument.Parse(await atCap.Content.ReadAsStringAsync()).RootElement;
        await AnAsset("Capped walk 5").At(origin.Offset(600, 0)).SaveAsync(app);
        using var beyond = await client.GetAsync(SearchClient.Near(origin, "radius_km=2&format=csv&all=true"));

        Assert.Equal(5, whole.GetProperty("features").GetArrayLength());
        await beyond.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "all");
        Assert.Contains("6 listings match", await beyond.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task All_is_refused_for_JSON_and_beside_page()
    {
        var origin = Places.NewSpot();
        var client = app.CreateClient();

        using var json = await client.GetAsync(SearchClient.Near(origin, "all=true"));
        using var paged = await client.GetAsync(SearchClient.Near(origin, "format=csv&all=true&page=2"));

        await json.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "all");
        await paged.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "all");
    }
}
