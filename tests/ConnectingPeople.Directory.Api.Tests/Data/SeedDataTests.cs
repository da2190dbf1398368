using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Data.Seed;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Tests.Data;

public sealed class SeedDataTests : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestDatabases.CreateEmptyAsync();

    public Task DisposeAsync() => TestDatabases.DropAsync(_connectionString);

    [Fact]
    public async Task Loading_reference_and_sample_data_twice_gives_the_same_counts()
    {
        await TestDatabases.SeedAsync(_connectionString, sampleData: true);
        var first = await CountsAsync();
        await TestDatabases.SeedAsync(_connectionString, sampleData: true);
        var second = await CountsAsync();

        Assert.Equal(first, second);
        Assert.All(first, c => Assert.True(c.Value > 0, $"{c.Key} is empty"));
    }

    [Fact]
    public async Task The_sample_data_has_at_least_200_listings_across_the_four_pilot_authorities()
    {
        await TestDatabases.SeedAsync(_connectionString, sampleData: true);
        await using var dataSource = TestDatabases.CreateDataSource(_connectionString);
        await using var db = TestDatabases.CreateContext(_connectionString, dataSource);

        var file = Path.Combine(TestDatabases.SeedDataDirectory, "sample", "assets.json");
        var inFile = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.GetProperty("assets").GetArrayLength();
        var perAuthority = await db.AssetLocations.GroupBy(l => l.Location.LocalAuthorityCode)
            .Select(g => new { Code = g.Key, Assets = g.Select(l => l.AssetId).Distinct().Count() }).ToListAsync();
        var areaOnly = await db.Assets.CountAsync(a => !a.Locations.Any() && a.ServiceAreas.Any());

        Assert.True(inFile >= 200, $"only {inFile} sample listings");
        Assert.Equal(inFile, await db.Assets.CountAsync());
        foreach (var code in new[] { "E08000039", "E08000014", "E08000012", "E06000014" })
            Assert.Contains(perAuthority, p => p.Code == code && p.Assets >= 20);
        Assert.True(areaOnly >= 1, "no phone or online service covering a whole area");
        Assert.True(await db.TaxonomyTerms.CountAsync(t => t.Vocabulary.Code == "interests") >= 60);
    }

    [Fact]
    public async Task Sample_venues_without_coordinates_are_placed_at_their_postcode()
    {
        await TestDatabases.SeedAsync(_connectionString, sampleData: true);
        await using var dataSource = TestDatabases.CreateDataSource(_connectionString);
        await using var db = TestDatabases.CreateContext(_connectionString, dataSource);

        var venues = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(
            Path.Combine(TestDatabases.SeedDataDirectory, "sample", "venues.json"))).RootElement.GetProperty("venues");
        var withoutCoordinates = venues.EnumerateArray().Where(v => !v.TryGetProperty("latitude", out _)).ToList();
        Assert.NotEmpty(withoutCoordinates);
        foreach (var venue in withoutCoordinates.Take(10))
        {
            var id = venue.GetProperty("id").GetGuid();
            var code = venue.GetProperty("postcode").GetString()!.Replace(" ", "");
            var location = await db.Locations.SingleAsync(l => l.Id == id);
            var postcode = await db.Postcodes.SingleAsync(p => p.Code == code);
            Assert.Equal(postcode.Point.X, location.Point.X, 6);
            Assert.Equal(postcode.Point.Y, location.Point.Y, 6);
            Assert.Equal(postcode.LocalAuthorityCode, location.LocalAuthorityCode);
        }
    }

    private async Task<Dictionary<string, int>> CountsAsync()
    {
        await using var dataSource = TestDatabases.CreateDataSource(_connectionString);
        await using var db = TestDatabases.CreateContext(_connectionString, dataSource);
        return new Dictionary<string, int>
        {
            ["postcodes"] = await db.Postcodes.CountAsync(),
            ["sectors"] = await db.PostcodeSectors.CountAsync(),
            ["districts"] = await db.PostcodeDistricts.CountAsync(),
            ["areas"] = await db.Areas.CountAsync(),
            ["boundaries"] = await db.Areas.CountAsync(a => a.Boundary != null),
            ["terms"] = await db.TaxonomyTerms.CountAsync(),
            ["organisations"] = await db.Organisations.CountAsync(),
            ["locations"] = await db.Locations.CountAsync(),
            ["assets"] = await db.Assets.CountAsync(),
            ["schedules"] = await db.Schedules.CountAsync(),
            ["asset_terms"] = await db.Set<AssetTerm>().CountAsync(),
        };
    }
}
