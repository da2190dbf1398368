using ConnectingPeople.Directory.Api.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ConnectingPeople.Directory.Api.Features.Health;

public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddDirectoryHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>
    /// Ready only when every ready check is Healthy. Still loading (reference data, the read model) is Degraded, which
    /// answers 503 like Unhealthy but is logged as a warning: an orchestrator polls readiness every second of a start
    /// that loads a large directory, and each poll was an error in the log. Unhealthy (no database, migrations
    /// pending) stays an error.
    /// </summary>
    public static readonly HealthCheckOptions ReadyOptions = new()
    {
        Predicate = check => check.Tags.Contains(ReadyTag),
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    public static WebApplication MapHealth(this WebApplication app)
    {
        // Live: the process answers. Ready: the database is reachable and its schema is up to date.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", ReadyOptions);
        return app;
    }
}

public sealed class DatabaseHealthCheck(DirectoryDbContext db, DatabaseReadiness readiness) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
                return HealthCheckResult.Unhealthy("The database cannot be reached.");
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            if (pending > 0)
                return HealthCheckResult.Unhealthy($"{pending} migration(s) not yet applied. {readiness.LastError}".Trim());
            if (readiness.Initialising)
                return HealthCheckResult.Degraded($"Reference data is still loading. {readiness.LastError}".Trim());
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The database check failed: " + ex.GetType().Name);
        }
    }
}
