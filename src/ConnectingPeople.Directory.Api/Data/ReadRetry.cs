using Npgsql;

namespace ConnectingPeople.Directory.Api.Data;

/// <summary>Whether an exception means the database is unreachable just now (down, restarting, not there yet).</summary>
public static class DatabaseFaults
{
    public static bool IsUnavailable(Exception exception)
    {
        var npgsql = exception as NpgsqlException ?? exception.InnerException as NpgsqlException;
        return npgsql is not null && (npgsql.IsTransient
            || npgsql is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "3D000" } || npgsql is PostgresException { SqlState: ['0', '8', ..] });
    }
}

/// <summary>
/// Reads (GET, HEAD) that fail because the database is briefly unreachable are tried again, twice, with the pool's
/// broken connections dropped first; past that the client gets a 503 with Retry-After. Writes are never retried here:
/// a write that failed half-way was rolled back by its transaction, and only the client knows whether to send it again.
/// </summary>
public sealed partial class ReadRetry(NpgsqlDataSource primary, IServiceProvider services, ILogger<ReadRetry> logger) : IMiddleware
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500)];

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
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
                services.GetKeyedService<NpgsqlDataSource>(ReadRouting.ReplicaKey)?.Clear();
                LogRetry(logger, attempt + 1, e.GetType().Name);
                await Task.Delay(Delays[attempt], context.RequestAborted);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unreachable during a read; trying again (attempt {Attempt}, {ErrorType})")]
    private static partial void LogRetry(ILogger logger, int attempt, string errorType);
}
