using System.Net;
using ConnectingPeople.Directory.Api.Features.Health;
using ConnectingPeople.Directory.Api.Features.ReadModel;
using ConnectingPeople.Directory.Api.Tests.Features.Protection;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnectingPeople.Directory.Api.Tests.Features.Health;

/// <summary>The service with one more ready check that is still loading, as the read model is at start.</summary>
public sealed class StillLoadingApp : DirectoryApp
{
    public const string Check = "still_loading_for_the_test";

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services => services.AddHealthChecks()
            .AddCheck(Check, () => HealthCheckResult.Degraded("Still loading."), tags: [HealthEndpoints.ReadyTag]));
    }
}

/// <summary>
/// A start that is still loading is not ready (503), but it is no error: an orchestrator polls readiness every second of
/// a long load, and each poll used to log an error.
/// </summary>
public sealed class LoadingReadinessTests(StillLoadingApp app) : IClassFixture<StillLoadingApp>
{
    [Fact]
    public async Task Still_loading_answers_503_and_logs_a_warning_not_an_error()
    {
        using var ready = await app.CreateClient().GetAsync("/health/ready");
        using var live = await app.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var logged = app.Logs.Entries.Where(e => e.Text.Contains(StillLoadingApp.Check, StringComparison.Ordinal)).ToList();
        Assert.Contains(logged, e => e.Level == LogLevel.Warning);
        Assert.DoesNotContain(logged, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_read_model_still_loading_is_degraded_not_unhealthy()
    {
        var check = new ReadModelHealthCheck(new DirectoryModel(), Options.Create(new ReadModelOptions { Enabled = true }));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, result.Status);
    }
}
