using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Search;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace ConnectingPeople.Directory.Api.Tests.Features.Search;

/// <summary>A directory of 50,000 venues, so the planner has a real choice between the index and a scan.</summary>
public sealed class LargeDirectoryApp : DirectoryApp
{
    public const int Venues = 50_000;

    protected override async Task<string> CreateDatabaseAsync()
    {
        var connectionString = await TestDatabases.CreateAsync();
        await using var dataSource = TestDatabases.CreateDataSource(connectionString);
        await using var db = TestDatabases.CreateContext(connectionString, dataSource);
        // Venues spread over England (50-55N, 3W-1E), one listing each.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO directory.organisations (id, name, created_at, updated_at) VALUES ('00000000-0000-0000-0000-000000000001', 'Bulk', now(), now());
            INSERT INTO directory.locations (id, name, postcode, point, created_at, updated_at)
            SELECT md5('loc' || i)::uuid, 'Venue ' || i, 'S1 2JA',
                   ST_SetSRID(ST_MakePoint(-3 + 4 * random(), 50 + 5 * random()), 4326)::geography, now(), now()
            FROM generate_series(1, {Venues}) i;
            INSERT INTO directory.assets (id, organisation_id, name, status, how_to_join, companions_welcome, accepting_new_members,
                                          languages, delivery_modes, search_text, created_at, updated_at)
            SELECT md5('asset' || i)::uuid, '00000000-0000-0000-0000-000000000001', 'Group ' || i, 'active', 'drop_in', true, true,
                   ARRAY['en'], ARRAY['in_person'], 'Group ' || i, now(), now()
            FROM generate_series(1, {Venues}) i;
            INSERT INTO directory.asset_locations (id, asset_id, location_id)
            SELECT md5('link' || i)::uuid, md5('asset' || i)::uuid, md5('loc' || i)::uuid FROM generate_series(1, {Venues}) i;
            ANALYZE directory.locations; ANALYZE directory.assets; ANALYZE directory.asset_locations;
            """);
        return connectionString;
    }
}

public sealed class SpatialQueryTests(LargeDirectoryApp app) : IClassFixture<LargeDirectoryApp>
{
    private static readonly Point Sheffield = new(-1.4701, 53.3811) { SRID = 4326 };

    [Fact]
    public Task The_radius_query_is_ST_DWithin_on_geography() => app.WithDbAsync(db =>
    {
        var sql = db.AssetLocations.VenuesWithin(db.Assets, Sheffield, 2_000, null, db.Areas).ToQueryString();

        Assert.Contains("ST_DWithin(l0.point, @origin, @radiusMetres)", sql.Replace("\"", ""));
        Assert.Contains("ST_Distance(", sql);
        return Task.CompletedTask;
    });

    [Fact]
    public Task The_nearest_query_orders_by_the_knn_operator() => app.WithDbAsync(db =>
    {
        var sql = db.AssetLocations.NearestVenues(db.Assets, Sheffield, null, db.Areas).Take(20).ToQueryString();

        Assert.Contains("ORDER BY l0.point <-> @origin", sql.Replace("\"", ""));
        return Task.CompletedTask;
    });

    [Fact]
    public async Task The_radius_query_uses_the_gist_index_on_a_large_table()
    {
        var plan = await ExplainAsync(db => db.AssetLocations.VenuesWithin(db.Assets.Where(a => a.Status == AssetStatus.Active), Sheffield, 2_000, null, db.Areas));
        Assert.Contains("ix_locations_point", plan);
    }

    [Fact]
    public async Task The_nearest_query_uses_the_gist_index_on_a_large_table()
    {
        var plan = await ExplainAsync(db => db.AssetLocations.NearestVenues(db.Assets, Sheffield, null, db.Areas).Take(80));
        Assert.Contains("ix_locations_point", plan);
    }

    [Fact]
    public async Task Search_over_the_large_table_finds_exactly_what_the_database_counts_inside_the_radius()
    {
        var expected = await app.WithDbAsync(db => db.Locations.CountAsync(l => l.Point.IsWithinDistance(Sheffield, 20_000)));
        var page = await app.GetJsonAsync<System.Text.Json.JsonElement>(
            $"/api/v1/search?latitude={Sheffield.Y}&longitude={Sheffield.X}&radius_km=20&per_page=100");

        Assert.True(expected > 0);
        Assert.Equal(expected, page.GetProperty("total_items").GetInt32());
    }

    private Task<string> ExplainAsync<T>(Func<DirectoryDbContext, IQueryable<T>> query) => app.WithDbAsync(async db =>
    {
        await using var command = query(db).CreateDbCommand();
        command.CommandText = "EXPLAIN " + command.CommandText;
        await db.Database.OpenConnectionAsync();
        command.Connection = db.Database.GetDbConnection();
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join("\n", lines);
    });
}
