using System.Diagnostics;

namespace ConnectingPeople.Directory.Api.Features.Protection;

/// <summary>
/// One structured line per request: method, route template, status and time, under a scope carrying the trace id. The
/// route template is logged, never the path or query, so postcodes, coordinates, references and keys stay out of logs
/// (ASP.NET Core's own request lines carry the full URL and are switched off in appsettings.json).
/// </summary>
public sealed class RequestLogging(ILogger<RequestLogging> logger) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        // ASP.NET Core starts an activity only when something listens (a tracer, or its own request logging, which is
        // off because it logs full URLs); start one here otherwise, continuing the caller's W3C traceparent if sent.
        using var started = Activity.Current is null ? StartActivity(context) : null;
        var traceId = Shared.HttpConventions.TraceId(context);
        var since = Stopwatch.GetTimestamp();
        // Logged once the response is complete, so the status is the one sent (an error page's, too).
        context.Response.OnCompleted(() =>
        {
            using var completed = logger.BeginScope(new Dictionary<string, object> { ["TraceId"] = traceId });
            var route = Shared.RouteTemplate.Of(context);
            logger.LogInformation("{Method} {Route} answered {Status} in {ElapsedMs:0.0} ms", context.Request.Method, route,
                context.Response.StatusCode, Stopwatch.GetElapsedTime(since).TotalMilliseconds);
            return Task.CompletedTask;
        });
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TraceId"] = traceId });
        await next(context);
    }

    private static Activity StartActivity(HttpContext context)
    {
        var activity = new Activity("ConnectingPeople.Directory.Request");
        if (context.Request.Headers.TraceParent.FirstOrDefault() is { } parent && ActivityContext.TryParse(parent, null, out _))
            activity.SetParentId(parent);
        return activity.Start();
    }
}
