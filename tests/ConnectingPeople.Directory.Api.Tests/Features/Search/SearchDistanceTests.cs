using System.Net;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Search;

/// <summary>Far and empty results say so: nearest stops at max_km, and a short search tells how far the nearest match beyond is.</summary>
public sealed class SearchDistanceTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Fact]
    public async Task Nearest_does_not_reach_past_30_km_unless_max_km_says_so_and_then_says_how_far_the_nearest_is()
    {
        var origin = Places.NewSpot();
        // A word no other test uses, so only this listing can match wherever it is.
        var word = $"zither{Guid.NewGuid():N}"[..12];
        await AnAsset($"Far {word} group").At(origin.Offset(40_000, 0)).SaveAsync(app);

        var byDefault = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, $"nearest=5&q={word}"));
        var further = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, $"nearest=5&max_km=50&q={word}"));

        Assert.Empty(byDefault.Names());
        Assert.InRange(byDefault.GetProperty("nearest_beyond_m").GetDouble(), 39_700, 40_300);
        Assert.Equal([$"Far {word} group"], further.Names());
    }

    [Fact]
    public async Task An_empty_radius_search_says_how_far_the_nearest_match_is()
    {
        var origin = Places.NewSpot();
        await AnAsset("Seven and a bit km away").At(origin.Offset(7_400, 0)).SaveAsync(app);

        var page = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "radius_km=3"));

        Assert.Empty(page.Names());
        Assert.InRange(page.GetProperty("nearest_beyond_m").GetDouble(), 7_350, 7_450);
    }

    [Fact]
    public async Task A_short_radius_search_says_how_far_the_next_match_is_and_a_full_page_does_not()
    {
        var origin = Places.NewSpot();
        await AnAsset("Inside").At(origin.Offset(500, 0)).SaveAsync(app);
        await AnAsset("Outside").At(origin.Offset(0, 4_000)).SaveAsync(app);

        var shortPage = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "radius_km=2"));
        var fullPage = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "radius_km=2&per_page=1"));

        Assert.Equal(["Inside"], shortPage.Names());
        Assert.InRange(shortPage.GetProperty("nearest_beyond_m").GetDouble(), 3_960, 4_040);
        Assert.Equal(JsonValueKind.Null, fullPage.GetProperty("nearest_beyond_m").ValueKind);
    }

    [Theory]
    [InlineData("radius_km=3&max_km=10")]
    [InlineData("nearest=3&max_km=0")]
    [InlineData("nearest=3&max_km=1001")]
    public async Task Max_km_goes_with_nearest_and_within_limits(string query)
    {
        using var response = await app.CreateClient().GetAsync(SearchClient.Near(Places.NewSpot(), query));

        await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "max_km");
    }
}
