using ConnectingPeople.Directory.Api.Features.ReadModel;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using CsCheck;
using Npgsql;

namespace ConnectingPeople.Directory.Api.Tests.Features.ReadModel;

/// <summary>The read model's spheroid distances agree with PostGIS geography ST_Distance to the millimetre.</summary>
public sealed class GeodesicTests
{
    [Fact]
    public async Task Vincenty_distances_agree_with_PostGIS_geography_to_a_millimetre()
    {
        // Points across Great Britain and beyond it, from a metre apart to a few thousand kilometres.
        var pairs = Gen.Select(Gen.Double[-60, 70], Gen.Double[-30, 40], Gen.OneOf(Gen.Double[-0.0001, 0.0001], Gen.Double[-0.2, 0.2], Gen.Double[-20, 20]),
                Gen.OneOf(Gen.Double[-0.0001, 0.0001], Gen.Double[-0.2, 0.2], Gen.Double[-20, 20]))
            .Select((lat, lon, dLat, dLon) => (Lat1: lat, Lon1: lon, Lat2: Math.Clamp(lat + dLat, -89, 89), Lon2: lon + dLon))
            .Array[500].Single();

        var database = await TestDatabases.CreateAsync();
        try
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await CompareAsync(connection, pairs);
        }
        finally
        {
            await TestDatabases.DropAsync(database);
        }
    }

    private static async Task CompareAsync(NpgsqlConnection connection, (double Lat1, double Lon1, double Lat2, double Lon2)[] pairs)
    {
        var worst = 0.0;
        foreach (var (lat1, lon1, lat2, lon2) in pairs)
        {
            await using var command = new NpgsqlCommand(
                "SELECT ST_Distance(ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography)", connection);
            command.Parameters.AddWithValue(lon1);
            command.Parameters.AddWithValue(lat1);
            command.Parameters.AddWithValue(lon2);
            command.Parameters.AddWithValue(lat2);
            var postgis = (double)(await command.ExecuteScalarAsync())!;
            var difference = Math.Abs(postgis - Geodesic.Metres(lat1, lon1, lat2, lon2));
            worst = Math.Max(worst, difference);
            Assert.True(difference <= 0.001, $"({lat1}, {lon1}) to ({lat2}, {lon2}): PostGIS {postgis} m, Vincenty {Geodesic.Metres(lat1, lon1, lat2, lon2)} m");
        }
        Assert.True(worst < 0.001);
    }
}
