namespace ConnectingPeople.Directory.Api.Tests.Infrastructure;

/// <summary>The service on a database loaded with the fictional sample listings, as scripts/run.sh serves it.</summary>
public sealed class SampleDataApp : DirectoryApp
{
    protected override async Task<string> CreateDatabaseAsync()
    {
        var connectionString = await TestDatabases.CreateAsync();
        await TestDatabases.SeedAsync(connectionString, sampleData: true);
        return connectionString;
    }
}
