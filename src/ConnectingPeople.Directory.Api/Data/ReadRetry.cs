using Npgsql;

namespace ConnectingPeople.Directory.Api.Data;

/// <summary>What a database exception means for the caller: unreachable just now, too costly a query, or simply busy.</summary>
public static class DatabaseFaults
{
    /// <summary>
    /// The database is unreachable (down, restarting, not there yet, the connection cut): worth a retry. A statement
    /// that ran out of time is not (it would run out again), nor a pool with no free connection (retrying adds load).
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        var npgsql = Find<NpgsqlException>(exception);
        if (npgsql is null || IsTooExpensive(exception) || IsPoolExhausted(exception)) return false;
        return npgsql is PostgresException postgres
            ? postgres.SqlState is "57P01" or "57P02" or "57P03" or "3D000" || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            : npgsql.IsTransient;
    }

    /// <summary>The statement hit statement_timeout (57014) or the client's command timeout.</summary>
    public static bool IsTooExpensive(Exception exception) =>
        Find<PostgresException>(exception) is { SqlState: "57014" }
        || (Find<NpgsqlException>(exception) is { InnerException: TimeoutException } && !IsPoolExhausted(exception));

    /// <summary>No connection came free within the pool's wait: the service is over capacity.</summary>
    public static bool IsPoolExhausted(Exception exception) =>
        Find<NpgsqlException>(exception)?.Message.Contains("connection pool has been exhausted", StringComparison.Ordinal) == true;

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }
}

/// <summary>
/// Reads (GET, HEAD) that fail because the database is briefly unreachable are tried again, twice, with the pool's
/// broken connections dropped first; past that the client gets a 503 with Retry-After. Only connection failures are
/// retried: a statement that ran out of time, or a pool with no free connection, is answered at once (see DatabaseFaults). Writes are never retried here:
/// a write that failed half-way was rolled back by its transaction, and only the client knows whether to send it again.
/// </summary>
public sealed partial class ReadRetry(NpgsqlDataSource primary, IServiceProvider services, ILogger<ReadRetry> logger) : IMiddleware
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500)];

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!Features.Shared.HttpConventions.IsRead(context.Request.Method))
        {
            await next(context);
            return;
        }
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await next(context);
                return;
            }
            catch (Exception e) when (attempt < Delays.Length && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested
                                      && DatabaseFaults.IsUnavailable(e))
            {
                primary.Clear();
                services.GetKeyedService<NpgsqlDataSource>(ReadRouting.AnonymousKey)?.Clear();
                LogRetry(logger, attempt + 1, e.GetType().Name);
                await Task.Delay(Delays[attempt], context.RequestAborted);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unreachable during a read; trying again (attempt {Attempt}, {ErrorType})")]
    private static partial void LogRetry(ILogger logger, int attempt, string errorType);
}
