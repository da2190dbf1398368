using System.Globalization;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;

namespace ConnectingPeople.Directory.Api.Tests.Features.Search;

/// <summary>The link worker's question from the issue, asked of the sample data, in all three formats.</summary>
public sealed class SearchScenarioTests(SampleDataApp app) : IClassFixture<SampleDataApp>
{
    private const string Question =
        "/api/v1/search?postcode=S1%202HE&radius_km=3&interests=walking,gardening&free=true&day=tue&time=morning&accessibility=wheelchair";

    [Fact]
    public async Task Free_walking_or_gardening_within_3km_of_S1_2HE_on_Tuesday_mornings_wheelchair_accessible()
    {
        var page = await app.GetJsonAsync<JsonElement>(Question);
        var results = page.GetProperty("contents").EnumerateArray().ToList();

        Assert.NotEmpty(results);
        var distances = results.Select(r => r.GetProperty("distance_m").GetDouble()).ToList();
        Assert.Equal(distances.Order(), distances);
        Assert.All(results, r =>
        {
            Assert.True(r.GetProperty("distance_m").GetDouble() <= 3_000);
            Assert.True(r.GetProperty("is_free").GetBoolean());
            Assert.Contains("wheelchair", r.GetProperty("accessibility").EnumerateArray().Select(a => a.GetProperty("code").GetString()));
            Assert.NotEmpty(r.GetProperty("matched_interests").EnumerateArray());
            var start = DateTimeOffset.Parse(r.GetProperty("next_session").GetProperty("start").GetString()!, CultureInfo.InvariantCulture);
            Assert.Equal(DayOfWeek.Tuesday, start.DayOfWeek);
            Assert.True(start.TimeOfDay < TimeSpan.FromHours(12));
        });
    }

    [Fact]
    public async Task The_same_question_downloads_as_GeoJSON_and_CSV_with_the_same_listings()
    {
        var json = await app.GetJsonAsync<JsonElement>(Question);
        var names = json.Names();
        var client = app.CreateClient();

        var geojson = JsonDocument.Parse(await client.GetStringAsync(Question + "&format=geojson")).RootElement;
        var csv = await client.GetStringAsync(Question + "&format=csv");
        using var reader = new StringReader(csv);
        var rows = Api.Data.Seed.Csv.ReadRows(reader).ToList();

        Assert.Equal(names, geojson.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("name").GetString()));
        Assert.Equal(names, rows.Skip(1).Select(r => r[0]));
    }
}
