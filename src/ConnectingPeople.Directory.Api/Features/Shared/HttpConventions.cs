using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>Marks a read whose response may be answered 304 from If-None-Match (<see cref="HttpConventions.ConditionalReads"/>).</summary>
public sealed class ConditionalRead;

/// <summary>
/// What HTTP clients, caches and GIS tools expect of any endpoint, done once for all of them: compression, HEAD for
/// every GET, Cache-Control, and If-None-Match on reads marked <see cref="ConditionalRead"/>.
/// </summary>
public static class HttpConventions
{
    /// <summary>A read: GET or HEAD (what may be cached, retried, served from memory and read cross-origin).</summary>
    public static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    public const string AnonymousCaching = "public, max-age=60";
    public const string CredentialedCaching = "private, no-store";
    private const string HeadItem = "directory.head";

    public static IServiceCollection AddHttpConventions(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            // Keys are shown once, in the response to the admin who created them; nothing an attacker sends is
            // reflected beside a secret, so compressing over HTTPS does not open a BREACH-style oracle.
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/geo+json", "application/problem+json", "text/csv"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Call first: compression outermost, then routing with HEAD matched as GET (the body is not sent for HEAD).</summary>
    public static WebApplication UseHttpConventions(this WebApplication app)
    {
        // A byte range is of the representation as stored, never of a compressed copy (GDAL /vsicurl/ reads ranges).
        app.Use((context, next) =>
        {
            if (context.Request.Headers.Range.Count > 0) context.Request.Headers.AcceptEncoding = "identity";
            return next(context);
        });
        app.UseResponseCompression();
        app.Use((context, next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Items[HeadItem] = true;
                context.Request.Method = HttpMethods.Get;
            }
            return next(context);
        });
        app.UseRouting();
        app.Use((context, next) =>
        {
            if (context.Items.ContainsKey(HeadItem))
            {
                // Routed as GET; the handler runs as for GET (same headers, Content-Length where it sets one), its body goes nowhere.
                context.Request.Method = HttpMethods.Head;
                context.Response.Body = Stream.Null;
            }
            context.Response.OnStarting(() => SetCaching(context));
            return next(context);
        });
        app.Use(ConditionalReads);
        return app;
    }

    /// <summary>One trace id format everywhere: the W3C trace-id that logs and traceparent carry.</summary>
    /// Without a listener there is no Activity; the request then gets a random W3C trace-id of its own, kept for its logs.
    public static string TraceId(HttpContext context) => Activity.Current?.TraceId.ToHexString()
        ?? (string)(context.Items[TraceItem] ??= ActivityTraceId.CreateRandom().ToHexString());

    private const string TraceItem = "directory.trace-id";

    private static Task SetCaching(HttpContext context)
    {
        var headers = context.Response.Headers;
        if (headers.CacheControl.Count > 0) return Task.CompletedTask;
        var request = context.Request;
        if (request.Headers.Authorization.Count > 0 || !IsRead(request.Method)) headers.CacheControl = CredentialedCaching;
        else if (context.Response.StatusCode is 200 or 304) headers.CacheControl = AnonymousCaching;
        else headers.CacheControl = "no-cache";
        // The same URL answers differently by Accept (search formats) and by credentials (scope).
        headers.Append(HeaderNames.Vary, "Accept, Authorization");
        return Task.CompletedTask;
    }

    /// <summary>
    /// Buffers a marked read, gives it an ETag (its own, or a hash of the body) and a Content-Length, and answers
    /// 304 Not Modified when If-None-Match already names that ETag. Pages of an ORUK feed are small (at most 100 items).
    /// </summary>
    private static async Task ConditionalReads(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ConditionalRead>() is null)
        {
            await next(context);
            return;
        }
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status200OK)
        {
            if (response.Headers.ETag.Count == 0)
                response.Headers.ETag = "\"" + Convert.ToBase64String(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))[..22] + "\"";
            if (Matches(context.Request.Headers.IfNoneMatch, response.Headers.ETag.ToString()))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentType = null;
                response.ContentLength = null;
                return;
            }
        }
        response.ContentLength = buffer.Length;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/"x" matches "x".</summary>
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Count == 0) return false;
        static string Opaque(string tag) => tag.Trim().StartsWith("W/", StringComparison.Ordinal) ? tag.Trim()[2..] : tag.Trim();
        return ifNoneMatch.SelectMany(v => (v ?? "").Split(',')).Any(t => t.Trim() == "*" || Opaque(t) == Opaque(etag));
    }
}
