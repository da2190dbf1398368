using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ConnectingPeople.Directory.Api.Features.Protection;

/// <summary>
/// Bounds the work in flight: at most Protection:MaxConcurrentRequests requests run at once (writes in lanes of their
/// own when Protection:MaxConcurrentWrites is set), a short queue waits behind them, and a request that cannot start
/// within Protection:QueueWaitMs (or finds the queue full) gets a 503 with Retry-After at once. Above capacity the service goes on serving at its sustainable rate with its normal latency and
/// sheds the rest in milliseconds, instead of letting every request queue until all of them time out.
/// Health checks are never shed, so an orchestrator can tell "busy" from "down".
/// </summary>
public sealed partial class Overload(IOptions<ProtectionOptions> options, TimeProvider clock, ILogger<Overload> logger) : IMiddleware, IDisposable
{
    private long _shed;
    private long _shedLoggedAt;

    private readonly ConcurrencyLimiter _reads = Lane(options.Value.MaxConcurrentRequests, options.Value.QueueLength, options.Value.NewestFirst);
    private readonly ConcurrencyLimiter? _writes = options.Value.MaxConcurrentWrites > 0
        ? Lane(options.Value.MaxConcurrentWrites, options.Value.WriteQueueLength, options.Value.NewestFirst)
        : null;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/health"))
        {
            await next(context);
            return;
        }
        var method = context.Request.Method;
        var lane = _writes is not null && !Shared.HttpConventions.IsRead(method) && !HttpMethods.IsOptions(method) ? _writes : _reads;
        using var lease = await AcquireAsync(lane, context);
        if (lease is not { IsAcquired: true })
        {
            Counted();
            await WriteAsync(context);
            return;
        }
        await next(context);
    }

    private static ConcurrencyLimiter Lane(int permits, int queue, bool newestFirst) => new(new ConcurrencyLimiterOptions
    {
        PermitLimit = permits,
        QueueLimit = queue,
        // Newest first (an option): the request just arrived is served and a full queue fails its oldest entry.
        QueueProcessingOrder = newestFirst ? QueueProcessingOrder.NewestFirst : QueueProcessingOrder.OldestFirst,
    });

    private async Task<RateLimitLease?> AcquireAsync(ConcurrencyLimiter lane, HttpContext context)
    {
        // A free slot is taken at once, without the timer the wait below needs.
        var now = lane.AttemptAcquire();
        if (now.IsAcquired) return now;
        now.Dispose();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        wait.CancelAfter(options.Value.QueueWaitMs);
        try
        {
            return await lane.AcquireAsync(1, wait.Token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Shedding has to be cheap, so a shed request is not logged on its own (this runs before the request log): one
    /// line a second at most says how many were shed since the last.
    /// </summary>
    private void Counted()
    {
        Interlocked.Increment(ref _shed);
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref _shedLoggedAt);
        if (clock.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1) || Interlocked.CompareExchange(ref _shedLoggedAt, now, last) != last) return;
        LogShed(logger, Interlocked.Exchange(ref _shed, 0));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Over capacity: shed {Count} requests with 503 since the last report")]
    private static partial void LogShed(ILogger logger, long count);

    /// <summary>The one "over capacity" answer (also used when no database connection comes free in time).</summary>
    public static ValueTask WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service busy",
                Detail = "The directory is answering as many requests as it can just now. Try again in a second.",
            },
        });
    }

    public void Dispose()
    {
        _reads.Dispose();
        _writes?.Dispose();
    }
}
