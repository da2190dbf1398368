using System.Globalization;
using System.Net;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Seed;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;

namespace ConnectingPeople.Directory.Api.Tests.Features.Postcodes;

public sealed class PostcodeEndpointTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private static readonly string PostcodeFolder = Path.Combine(TestDatabases.SeedDataDirectory, "reference", "postcodes");
    private static readonly List<IReadOnlyDictionary<string, string>> Pilot =
        [.. Csv.ReadRecords(Path.Combine(PostcodeFolder, "pilot_area_postcodes.csv")).Where(r => r["latitude"].Length > 0)];

    public static TheoryData<int> SampleRows()
    {
        // Rows spread across the whole file, so every pilot area gets looked at.
        var data = new TheoryData<int>();
        for (var i = 0; i < 8; i++) data.Add(i * 9_000 + 17);
        return data;
    }

    [Theory]
    [MemberData(nameof(SampleRows))]
    public async Task Postcode_lookup_returns_the_published_coordinates_and_authority(int row)
    {
        var expected = Pilot[row];
        var result = await app.GetJsonAsync<JsonElement>($"/api/v1/postcodes/{Uri.EscapeDataString(expected["postcode"])}");

        Assert.Equal("postcode", result.GetProperty("match").GetString());
        Assert.Equal(expected["postcode"], result.GetProperty("matched_code").GetString());
        Assert.Equal(double.Parse(expected["latitude"], CultureInfo.InvariantCulture), result.GetProperty("latitude").GetDouble(), 6);
        Assert.Equal(double.Parse(expected["longitude"], CultureInfo.InvariantCulture), result.GetProperty("longitude").GetDouble(), 6);
        Assert.Equal(expected["admin_district_code"], result.GetProperty("local_authority").GetProperty("code").GetString());
        Assert.Contains("Contains OS data", result.GetProperty("attribution").GetString());
    }

    [Theory]
    [InlineData("s12ja")]
    [InlineData("S1 2JA")]
    [InlineData("  s1   2ja ")]
    [InlineData("S12JA")]
    public async Task Postcode_lookup_normalises_case_and_spacing(string raw)
    {
        var result = await app.GetJsonAsync<JsonElement>($"/api/v1/postcodes/{Uri.EscapeDataString(raw)}");

        Assert.Equal("S1 2JA", result.GetProperty("query").GetString());
        Assert.Equal("postcode", result.GetProperty("match").GetString());
        Assert.Equal("Sheffield", result.GetProperty("local_authority").GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_unknown_postcode_in_a_known_sector_falls_back_to_the_sector_centroid()
    {
        var sectors = Csv.ReadRecords(Path.Combine(PostcodeFolder, "postcode_sector_centroids.csv")).ToDictionary(r => r["sector"]);
        var known = Pilot.Select(r => r["postcode"]).ToHashSet();
        var sector = sectors["S10 5"];
        var unknown = new[] { "S10 5ZZ", "S10 5ZY", "S10 5YY" }.First(p => !known.Contains(p));

        var result = await app.GetJsonAsync<JsonElement>($"/api/v1/postcodes/{Uri.EscapeDataString(unknown)}");

        Assert.Equal("sector", result.GetProperty("match").GetString());
        Assert.Equal("S10 5", result.GetProperty("matched_code").GetString());
        Assert.Equal(double.Parse(sector["latitude"], CultureInfo.InvariantCulture), result.GetProperty("latitude").GetDouble(), 6);
    }

    [Fact]
    public async Task A_postcode_outside_the_pilot_areas_falls_back_to_its_district_centroid()
    {
        // We hold every GB district and sector, but individual postcodes only in the pilot areas.
        var districts = Csv.ReadRecords(Path.Combine(PostcodeFolder, "postcode_district_centroids.csv")).ToDictionary(r => r["district"]);
        var sectors = Csv.ReadRecords(Path.Combine(PostcodeFolder, "postcode_sector_centroids.csv")).Select(r => r["sector"]).ToHashSet();
        var sector = Enumerable.Range(0, 10).Select(d => $"M1 {d}").First(s => !sectors.Contains(s));

        var result = await app.GetJsonAsync<JsonElement>($"/api/v1/postcodes/{Uri.EscapeDataString(sector + "AA")}");

        Assert.Equal("district", result.GetProperty("match").GetString());
        Assert.Equal("M1", result.GetProperty("matched_code").GetString());
        Assert.Equal(double.Parse(districts["M1"]["latitude"], CultureInfo.InvariantCulture), result.GetProperty("latitude").GetDouble(), 6);
    }

    [Fact]
    public async Task A_well_formed_postcode_in_no_known_district_is_a_404_problem()
    {
        using var response = await app.CreateClient().GetAsync("/api/v1/postcodes/ZZ9%209ZZ");

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("ZZ9 9ZZ", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("NOTAPOSTCODE")]
    [InlineData("12345")]
    [InlineData("S1 2H")]
    [InlineData("'; drop table postcodes; --")]
    public async Task A_malformed_postcode_is_a_400_problem_naming_it(string raw)
    {
        using var response = await app.CreateClient().GetAsync($"/api/v1/postcodes/{Uri.EscapeDataString(raw)}");

        await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "postcode");
    }
}
