using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ConnectingPeople.Directory.Api.Tests.Data;

public sealed class MigrationTests : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabases.CreateEmptyAsync();
        await TestDatabases.SeedAsync(_connectionString, sampleData: false);
    }

    public Task DisposeAsync() => TestDatabases.DropAsync(_connectionString);

    [Fact]
    public async Task A_database_built_only_from_migrations_matches_the_model()
    {
        await using var dataSource = TestDatabases.CreateDataSource(_connectionString);
        await using var db = TestDatabases.CreateContext(_connectionString, dataSource);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration covers: run dotnet ef migrations add");
    }

    [Theory]
    [InlineData("locations", "point", "geography")]
    [InlineData("postcodes", "point", "geography")]
    [InlineData("postcode_districts", "point", "geography")]
    [InlineData("areas", "boundary", "geography")]
    public async Task Spatial_columns_are_gist_indexed_geography_in_the_directory_schema(string table, string column, string type)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var typeQuery = new NpgsqlCommand(
            "SELECT udt_name FROM information_schema.columns WHERE table_schema = 'directory' AND table_name = @t AND column_name = @c", connection);
        typeQuery.Parameters.AddWithValue("t", table);
        typeQuery.Parameters.AddWithValue("c", column);
        Assert.Equal(type, await typeQuery.ExecuteScalarAsync());

        if (table == "postcodes") return; // looked up by code, never searched spatially
        await using var indexQuery = new NpgsqlCommand(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'directory' AND tablename = @t", connection);
        indexQuery.Parameters.AddWithValue("t", table);
        var indexes = new List<string>();
        await using var reader = await indexQuery.ExecuteReaderAsync();
        while (await reader.ReadAsync()) indexes.Add(reader.GetString(0));
        Assert.Contains(indexes, i => i.Contains("USING gist", StringComparison.Ordinal) && i.Contains($"({column})", StringComparison.Ordinal));
    }
}
