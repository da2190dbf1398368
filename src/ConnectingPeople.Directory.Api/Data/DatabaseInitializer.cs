using ConnectingPeople.Directory.Api.Data.Seed;
using Microsoft.Extensions.Options;

namespace ConnectingPeople.Directory.Api.Data;

/// <summary>What the readiness check reports while start-up work is still going on.</summary>
public sealed class DatabaseReadiness
{
    public volatile string? LastError;

    /// <summary>True from start-up until migrations and reference data are in place (when this instance loads them).</summary>
    public volatile bool Initialising;
}

/// <summary>
/// Migrates and seeds in the background, retrying with backoff while the database is unreachable, so the service
/// stays up (and /health/ready says why it is not ready) instead of crash-looping.
/// </summary>
public sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopes, IOptions<DatabaseOptions> options, DatabaseReadiness readiness, ILogger<DatabaseInitializer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.InitializeOnStartup) return;
        readiness.Initialising = true;

        var delay = TimeSpan.FromSeconds(1);
        var maxDelay = TimeSpan.FromSeconds(options.Value.MaxRetryDelaySeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DatabaseSeeder>().InitialiseAsync(stoppingToken);
                // A pool that connected before the migrations made PostGIS (a readiness probe on the anonymous pool,
                // say) has cached a type list without geography: it would fail every spatial read until restart.
                await scope.ServiceProvider.GetRequiredService<Npgsql.NpgsqlDataSource>().ReloadTypesAsync(stoppingToken);
                if (scope.ServiceProvider.GetKeyedService<Npgsql.NpgsqlDataSource>(ReadRouting.AnonymousKey) is { } anonymous)
                    await anonymous.ReloadTypesAsync(stoppingToken);
                readiness.LastError = null;
                readiness.Initialising = false;
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                readiness.LastError = ex.Message;
                LogRetry(logger, delay.TotalSeconds, ex.GetType().Name, ex.Message);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxDelay.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database initialisation failed; retrying in {DelaySeconds}s ({ErrorType}: {ErrorMessage})")]
    private static partial void LogRetry(ILogger logger, double delaySeconds, string errorType, string errorMessage);
}
