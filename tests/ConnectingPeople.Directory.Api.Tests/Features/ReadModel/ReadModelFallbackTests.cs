using ConnectingPeople.Directory.Api.Features.ReadModel;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.ReadModel;

/// <summary>
/// A read model past its freshness bound stops answering: reads go to PostGIS until it has caught up again. Searches
/// it cannot judge exactly go to PostGIS too.
/// </summary>
public sealed class ReadModelFallbackTests : IAsyncLifetime
{
    private readonly HandClock _clock = new(DateTimeOffset.UtcNow);
    private string _connectionString = "";
    private ReadModelInstance _app = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabases.CreateAsync();
        // A long heartbeat, so only the test's own announcement makes the model confirm it is current.
        _app = new ReadModelInstance(_connectionString, readModel: true, _clock, heartbeatSeconds: 30);
        await ((IAsyncLifetime)_app).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await TestDatabases.DropAsync(_connectionString);
    }

    [Fact]
    public async Task Beyond_the_bound_search_reads_PostGIS_and_returns_to_memory_once_caught_up()
    {
        var place = Places.NewSpot();
        var url = SearchClient.Near(place, "radius_km=1");
        Assert.True(await _app.CreateClient().AnswersOkWithinAsync("/health/ready", TimeSpan.FromMinutes(1)));
        Assert.Equal("memory", await PathAsync(url));

        _clock.Now += TimeSpan.FromSeconds(3); // past ReadModel:MaxLagSeconds (2) with no catch-up since
        Assert.Equal("database", await PathAsync(url));

        var asset = await AnAsset("Announced").At(place).SaveAsync(_app);
        await _app.AnnounceAsync([asset.Id]);
        await _app.CaughtUpAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("memory", await PathAsync(url));
        Assert.Contains(asset.Id, (await _app.GetJsonAsync<System.Text.Json.JsonElement>(url)).Ids());
    }

    [Fact]
    public async Task Words_and_listing_texts_the_model_cannot_judge_exactly_are_answered_by_PostgreSQL()
    {
        var plain = Places.NewSpot();
        var accented = Places.NewSpot();
        Assert.True(await _app.CreateClient().AnswersOkWithinAsync("/health/ready", TimeSpan.FromMinutes(1)));
        var walk = await AnAsset("Walking group").At(plain).SaveAsync(_app);
        var cafe = await AnAsset("\u03a9mega walks").At(accented).SaveAsync(_app);
        await _app.AnnounceAsync([walk.Id, cafe.Id]);
        await _app.CaughtUpAsync(TimeSpan.FromSeconds(10));

        // A full page: a short one also looks beyond the radius for the nearest match, and would meet the Omega listing.
        var judged = SearchClient.Near(plain, "radius_km=1&per_page=1&q=walks");
        Assert.Equal("memory", await PathAsync(judged));
        Assert.Contains(walk.Id, (await _app.GetJsonAsync<System.Text.Json.JsonElement>(judged)).Ids());
        // A word with digits is a different token to PostgreSQL's parser.
        Assert.Equal("database", await PathAsync(SearchClient.Near(plain, "radius_km=1&q=10am")));
        // A candidate whose text has a letter beyond the Latin ones the model knows (its class is the locale's).
        var nearCafe = SearchClient.Near(accented, "radius_km=1&q=walking");
        Assert.Equal("database", await PathAsync(nearCafe));
        Assert.Contains(cafe.Id, (await _app.GetJsonAsync<System.Text.Json.JsonElement>(nearCafe)).Ids());
    }

    private async Task<string> PathAsync(string url)
    {
        using var response = await _app.CreateClient().GetAsync(url);
        Assert.True(response.IsSuccessStatusCode);
        return response.Headers.GetValues(ReadPath.Header).Single();
    }
}
