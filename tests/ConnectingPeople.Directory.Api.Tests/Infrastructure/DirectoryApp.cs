using System.Net.Http.Json;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectingPeople.Directory.Api.Tests.Infrastructure;

/// <summary>The service over HTTP, on its own copy of the reference database.</summary>
public class DirectoryApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = CreateJsonOptions();

    public string ConnectionString { get; private set; } = "";

    protected virtual Task<string> CreateDatabaseAsync() => TestDatabases.CreateAsync();

    /// <summary>Every response is checked against openapi/openapi.json (<see cref="Contract"/>); a host that tests streaming or shutdown may opt out.</summary>
    protected virtual bool ChecksContract => true;

    public async Task InitializeAsync() => ConnectionString = await CreateDatabaseAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await TestDatabases.DropAsync(ConnectionString);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Directory", ConnectionString);
        builder.UseSetting("Database:InitializeOnStartup", "false");
        builder.UseSetting("Seed:DataDirectory", TestDatabases.SeedDataDirectory);
        // Every test client shares one address; the rate-limit tests set their own small limits.
        builder.UseSetting("Protection:AnonymousPerMinute", "1000000");
        builder.UseSetting("Protection:KeyPerMinute", "1000000");
        // Tests arrange data straight into the database, which announces nothing to a read model: reads go to PostGIS
        // unless a test turns the model on (ReadModel tests do, and announce what they arrange).
        builder.UseSetting("ReadModel:Enabled", "false");
        // Keep the test output readable: the runner's summary matters more than the service's request logs.
        builder.ConfigureLogging(logging => logging.ClearProviders());
        if (ChecksContract) builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ContractCheckingStartupFilter>());
    }

    /// <summary>A DbContext on this app's database, for arranging data and checking what a request wrote.</summary>
    public async Task<T> WithDbAsync<T>(Func<DirectoryDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<DirectoryDbContext>());
    }

    public Task WithDbAsync(Func<DirectoryDbContext, Task> action) => WithDbAsync(async db => { await action(db); return 0; });

    /// <summary>A new API key with the role and scope given; returns its secret.</summary>
    public async Task<string> CreateKeyAsync(string role, Guid[]? organisations = null, string[]? areas = null, string? team = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<Api.Features.Auth.ApiKeys>();
        return (await keys.CreateAsync($"{role} test key", role, organisations ?? [], areas ?? [], CancellationToken.None,
            team ?? (role == Api.Data.Entities.Roles.Prescriber ? "Test link workers" : null))).Secret;
    }

    public HttpClient ClientWithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public Task<T> GetJsonAsync<T>(string url) => GetJsonAsync<T>(url, CreateClient());

    /// <summary>GET as the given client (a curator's, say), asserting success, and the body read as T.</summary>
    public async Task<T> GetJsonAsync<T>(string url, HttpClient client)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiSetup.Configure(options);
        options.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip;
        return options;
    }
}
