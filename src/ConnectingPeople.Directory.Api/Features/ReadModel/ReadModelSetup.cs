using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Search;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ConnectingPeople.Directory.Api.Features.ReadModel;

public static class ReadModelSetup
{
    public static IServiceCollection AddReadModel(this IServiceCollection services)
    {
        services.AddOptions<ReadModelOptions>().BindConfiguration(ReadModelOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DirectoryModel>().AddSingleton<MemorySearch>().AddSingleton<MemoryReads>().AddSingleton<MemoryOruk>().AddSingleton<ReadPath>();
        services.AddHostedService<ModelSync>();
        services.AddHealthChecks().AddCheck<ReadModelHealthCheck>("read_model", tags: [Health.HealthEndpoints.ReadyTag]);
        return services;
    }
}

/// <summary>Which path answers a read: the model when it is on, loaded, within its freshness bound, and the caller is anonymous.</summary>
public sealed class ReadPath(DirectoryModel model, IOptions<ReadModelOptions> options, TimeProvider clock)
{
    /// <summary>Response header naming the path that answered (memory or database): for operators and the differential test.</summary>
    public const string Header = "X-Read-Path";

    public bool IsCurrent => options.Value.Enabled && model.Loaded
        && clock.GetUtcNow() - model.CurrentAsOf <= TimeSpan.FromSeconds(options.Value.MaxLagSeconds);

    /// <summary>
    /// Callers with credentials read PostgreSQL (the primary), so a curator always sees their own write at once; the
    /// model would show it within the freshness bound, not necessarily on the next request.
    /// </summary>
    public bool ServesSearch(SearchRequest r, HttpRequest http) => ServesReads(http) && MemorySearch.CanAnswer(r);

    /// <summary>Listing detail and organisation reads: the same rule as search.</summary>
    public bool ServesReads(HttpRequest http) => IsCurrent && ReadRouting.IsAnonymousRead(http);

    public static void Mark(HttpResponse response, bool fromMemory) => response.Headers[Header] = fromMemory ? "memory" : "database";
}

public sealed class ReadModelHealthCheck(DirectoryModel model, IOptions<ReadModelOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!options.Value.Enabled || model.Loaded
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded("The read model is still loading.")); // 503 all the same (HealthEndpoints.ReadyOptions)
}
