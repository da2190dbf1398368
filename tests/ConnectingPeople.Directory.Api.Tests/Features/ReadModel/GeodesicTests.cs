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

    [Fact]
    public void Sphere_distances_bound_the_spheroid_distance_from_both_sides()
    {
        // Searches skip Vincenty on these bounds, so they must hold from a metre to across the globe, in every direction.
        Gen.Select(Gen.Double[-89, 89], Gen.Double[-180, 180], Gen.OneOf(Gen.Double[-0.0001, 0.0001], Gen.Double[-0.5, 0.5], Gen.Double[-60, 60]),
                Gen.OneOf(Gen.Double[-0.0001, 0.0001], Gen.Double[-0.5, 0.5], Gen.Double[-120, 120]))
            .Select((lat, lon, dLat, dLon) => (Lat1: lat, Lon1: lon, Lat2: Math.Clamp(lat + dLat, -89, 89), Lon2: lon + dLon))
            .Sample(p =>
            {
                var spheroid = Geodesic.Metres(p.Lat1, p.Lon1, p.Lat2, p.Lon2);
                var sphere = SpherePoint.At(p.Lat1, p.Lon1).Metres(SpherePoint.At(p.Lat2, p.Lon2));
                // The spheroid and the sphere differ by at most 0.56%; the bounds allow 1%, so 0.6% must hold too
                // (beyond a metre, where rounding in the chord no longer matters).
                return SpherePoint.Least(sphere) <= spheroid && spheroid <= SpherePoint.Most(sphere)
                    && (sphere < 1 || Math.Abs(spheroid - sphere) <= 0.006 * sphere);
            }, iter: 100_000);
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
