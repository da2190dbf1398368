using System.Globalization;
using System.Threading.RateLimiting;
using ConnectingPeople.Directory.Api.Features.Auth;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ConnectingPeople.Directory.Api.Features.Protection;

/// <summary>
/// What every request passes through before it reaches an endpoint: security headers on every response, CORS (open for
/// reads, closed for writes unless origins are configured), a bound on the work in flight, body size limits, and rate
/// limits per key or per client.
/// </summary>
public static class ProtectionSetup
{
    public static IHostApplicationBuilder AddProtection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProtectionOptions>().BindConfiguration(ProtectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddCors();
        builder.Services.AddSingleton<ICorsPolicyProvider, DirectoryCorsPolicy>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            limiter.OnRejected = RejectAsync;
        });
        builder.Services.AddSingleton<RequestLogging>();
        builder.Services.AddSingleton<Overload>();
        return builder;
    }

    /// <summary>Call first, so the headers and limits apply to every response, errors included. Adds authentication and authorization too.</summary>
    public static WebApplication UseProtection(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ProtectionOptions>>().Value;
        if (options.TrustForwardedHeaders)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            app.UseForwardedHeaders(forwarded);
        }
        app.Use(SecurityHeaders);
        // Before authentication, which itself reads the database for API keys, and before the request log: a shed
        // request costs as little as possible (Overload counts them instead).
        app.UseMiddleware<Overload>();
        app.UseMiddleware<RequestLogging>();
        app.Use(LimitBody);
        app.UseCors();
        // A preflight no policy allows still gets an answer (without CORS headers, so the browser refuses), not a 405.
        app.Use((context, next) =>
        {
            if (!HttpMethods.IsOptions(context.Request.Method) || context.Request.Headers.AccessControlRequestMethod.Count == 0) return next(context);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        // Explicit, so that refusals (401, 403, 429) come after the headers above: rate limits need to know the key.
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    private static Task SecurityHeaders(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            // A page that sets its own policy (the printable shortlist) keeps it; it forbids framing too.
            if (!headers.ContainsKey("Content-Security-Policy"))
            {
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/swagger")
                    ? "frame-ancestors 'none'"
                    : "default-src 'none'; frame-ancestors 'none'";
            }
            if (context.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000";
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static async Task LimitBody(HttpContext context, RequestDelegate next)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<ProtectionOptions>>().Value;
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<LargeBody>() is null ? options.MaxBodyBytes : options.MaxImportBodyBytes;
        // Kestrel stops reading a chunked body past the limit (a BadHttpRequestException, answered as a 413 problem).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = [$"must be at most {limit:N0} bytes."] })
                {
                    Status = StatusCodes.Status413PayloadTooLarge, Title = "Request body too large", Detail = $"body: must be at most {limit:N0} bytes.",
                },
            });
            return;
        }
        await next(context);
    }

    /// <summary>One bucket per API key (or signed-in user), else one per client address. Health checks are never limited.</summary>
    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/health")) return RateLimitPartition.GetNoLimiter("health");
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<ProtectionOptions>>().CurrentValue;
        var user = context.User;
        var key = user.FindFirst(DirectoryClaims.KeyId)?.Value ?? (user.Identity?.IsAuthenticated == true ? user.Identity.Name : null);
        return key is not null
            ? RateLimitPartition.GetFixedWindowLimiter("key:" + key, _ => Window(options.KeyPerMinute))
            : RateLimitPartition.GetFixedWindowLimiter("ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => Window(options.AnonymousPerMinute));
    }

    private static FixedWindowRateLimiterOptions Window(int perMinute) => new() { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) };

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
        context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = new ProblemDetails { Status = 429, Title = "Too many requests", Detail = $"Try again in {retryAfter} seconds." },
        });
    }
}

/// <summary>
/// Reads (GET, HEAD) are open to any origin: the directory and the ORUK feed are public, and keys travel in a header,
/// never a cookie. Writes are refused cross-origin unless their origins are listed in Protection:WriteOrigins.
/// </summary>
public sealed class DirectoryCorsPolicy(IOptionsMonitor<ProtectionOptions> options) : ICorsPolicyProvider
{
    private static readonly string[] Exposed = ["ETag", "Location", "Retry-After", "Content-Disposition", "Accept-Ranges", "Content-Range"];
    private static readonly CorsPolicy Reads = new CorsPolicyBuilder().AllowAnyOrigin().WithMethods("GET", "HEAD").AllowAnyHeader()
        .WithExposedHeaders(Exposed).Build();

    /// <summary>Anyone may report a listing from any site (the feedback form takes no key), so its POST is open too.</summary>
    private static readonly CorsPolicy AnonymousReports = new CorsPolicyBuilder().AllowAnyOrigin().WithMethods("POST").WithHeaders("Content-Type")
        .WithExposedHeaders(Exposed).Build();

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        var method = HttpMethods.IsOptions(context.Request.Method) && context.Request.Headers.AccessControlRequestMethod.FirstOrDefault() is { } asked
            ? asked
            : context.Request.Method;
        if (Shared.HttpConventions.IsRead(method)) return Task.FromResult<CorsPolicy?>(Reads);
        if (HttpMethods.IsPost(method) && context.Request.Path.Equals("/api/v1/feedback", StringComparison.OrdinalIgnoreCase))
            return Task.FromResult<CorsPolicy?>(AnonymousReports);
        var origins = options.CurrentValue.WriteOrigins;
        return Task.FromResult(origins.Length == 0
            ? null
            : new CorsPolicyBuilder().WithOrigins(origins).WithMethods("POST", "PUT", "PATCH", "DELETE").AllowAnyHeader().WithExposedHeaders(Exposed).Build());
    }
}
