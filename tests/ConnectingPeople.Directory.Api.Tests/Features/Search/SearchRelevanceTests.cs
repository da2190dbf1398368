using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Search;

/// <summary>Words rank the way a link worker would rank them: by the listing's own words first, blended with distance.</summary>
public sealed class SearchRelevanceTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private static Organisation Organisation(string name) => new() { Id = Guid.CreateVersion7(), Name = name };

    [Fact]
    public async Task A_strong_match_300_m_away_beats_a_weak_one_next_door()
    {
        var origin = Places.NewSpot();
        await AnAsset("Tuesday natter").At(origin).With(a => a.Description = "Tea, cake and some knitting if you like.").SaveAsync(app);
        await AnAsset("Knitting circle").At(origin.Offset(300, 0)).About("knitting").SaveAsync(app);

        var page = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "q=knitting&radius_km=2"));

        Assert.Equal(["Knitting circle", "Tuesday natter"], page.Names());
    }

    [Fact]
    public async Task A_listing_matching_only_through_its_organisation_comes_after_one_matching_on_its_own_words_further_away()
    {
        var origin = Places.NewSpot();
        await AnAsset("Community choir").At(origin).OwnedBy(Organisation("Ridgeway Pottery Collective")).SaveAsync(app);
        await AnAsset("Saturday makers").At(origin.Offset(4_000, 0)).With(a => a.Description = "Drop in for pottery and paper crafts.").SaveAsync(app);

        var page = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "q=pottery&radius_km=5"));

        Assert.Equal(["Saturday makers", "Community choir"], page.Names());
    }

    [Fact]
    public async Task Without_words_nearest_comes_first_and_sort_distance_still_orders_words_by_distance()
    {
        var origin = Places.NewSpot();
        await AnAsset("Chess in the library").At(origin.Offset(1_500, 0)).About("chess").SaveAsync(app);
        await AnAsset("Games afternoon").At(origin.Offset(100, 0)).With(a => a.Description = "Cards, dominoes and chess.").SaveAsync(app);

        var blended = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "q=chess&radius_km=3"));
        var byDistance = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "q=chess&radius_km=3&sort=distance"));
        var interestsOnly = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "radius_km=3"));

        Assert.Equal(["Chess in the library", "Games afternoon"], blended.Names());
        Assert.Equal(["Games afternoon", "Chess in the library"], byDistance.Names());
        Assert.Equal(["Games afternoon", "Chess in the library"], interestsOnly.Names());
    }
}
