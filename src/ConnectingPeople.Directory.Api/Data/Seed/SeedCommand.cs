namespace ConnectingPeople.Directory.Api.Data.Seed;

/// <summary><c>dotnet run -- seed [--sample]</c>: migrate and load data, then exit. scripts/run.sh calls it.</summary>
public static class SeedCommand
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DatabaseSeeder>();
        var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SeedOptions>>().Value;
        await seeder.InitialiseAsync(options.SampleData || args.Contains("--sample"), CancellationToken.None);
        return 0;
    }
}
