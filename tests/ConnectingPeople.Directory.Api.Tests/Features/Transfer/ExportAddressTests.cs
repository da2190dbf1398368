using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Data.Seed;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Transfer;

/// <summary>Downloads carry what the API holds about a venue: its address lines and town, not only its name and postcode.</summary>
public sealed class ExportAddressTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Fact]
    public async Task Csv_and_GeoJSON_exports_carry_each_venues_address_lines_and_town()
    {
        var name = "Addressed walk " + Guid.NewGuid().ToString("N")[..6];
        await AnAsset(name).At(Places.NewSpot()).With(a =>
        {
            var venue = a.Locations[0].Location;
            venue.Address1 = "12 Mill Lane";
            venue.Address2 = "Side entrance";
            venue.Town = "Rotherham";
        }).SaveAsync(app);
        var admin = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));

        var rows = Csv.ReadRows(new StringReader(await admin.GetStringAsync("/api/v1/exports?format=csv"))).ToList();
        var header = rows[0].ToList();
        var row = rows.Single(r => r.Contains(name));
        Assert.Equal("12 Mill Lane", row[header.IndexOf("address_1")]);
        Assert.Equal("Side entrance", row[header.IndexOf("address_2")]);
        Assert.Equal("Rotherham", row[header.IndexOf("town")]);

        var features = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/exports?format=geojson")).RootElement.GetProperty("features");
        var properties = features.EnumerateArray().Select(f => f.GetProperty("properties")).Single(p => p.GetProperty("name").GetString() == name);
        Assert.Equal("12 Mill Lane", properties.GetProperty("address_1").GetString());
        Assert.Equal("Side entrance", properties.GetProperty("address_2").GetString());
        Assert.Equal("Rotherham", properties.GetProperty("town").GetString());
    }
}
