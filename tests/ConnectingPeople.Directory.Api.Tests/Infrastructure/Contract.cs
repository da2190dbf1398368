using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using NSwag;

namespace ConnectingPeople.Directory.Api.Tests.Infrastructure;

/// <summary>
/// The committed openapi/openapi.json as a validating proxy would read it (Prism's check, in-process): each response
/// the test suite receives must have a documented status, a documented media type, and a body its schema accepts.
/// </summary>
public static class Contract
{
    public static readonly string DocumentPath =
        Path.Combine(Path.GetDirectoryName(TestDatabases.SeedDataDirectory.TrimEnd('/'))!, "openapi", "openapi.json");

    private static readonly Lazy<(OpenApiDocument Document, List<(string Method, Regex Path, OpenApiOperation Operation)> Operations)> Loaded = new(Load);

    public static OpenApiDocument Document => Loaded.Value.Document;

    /// <summary>What is wrong with this response against the document, or null when it conforms (or the path is not an API path).</summary>
    public static string? Check(string method, string path, int status, string? contentType, string body)
    {
        var asked = HttpMethods.IsHead(method) ? "get" : method.ToLowerInvariant();
        var candidates = Loaded.Value.Operations.Where(o => o.Path.IsMatch(path)).ToList();
        if (candidates.Count == 0) return null; // /health, /swagger: not part of the API's contract
        // An unknown method on a documented path is the router's 405; preflights are CORS, not operations.
        if (HttpMethods.IsOptions(method) || candidates.All(c => c.Method != asked)) return null;
        var operation = candidates.First(c => c.Method == asked).Operation;
        var name = $"{method} {path} -> {status}";
        // 499: the test's own client gave up (a timeout on a loaded machine); nothing reached it to check.
        if (status == 499) return null;

        if (!operation.Responses.TryGetValue(status.ToString(), out var response) && !operation.Responses.TryGetValue("default", out response))
            return $"{name}: status {status} is not documented (documented: {string.Join(", ", operation.Responses.Keys)})";
        if (status is 204 or 304 || HttpMethods.IsHead(method)) return null;
        if (response.Content.Count == 0)
            return body.Length == 0 ? null : $"{name}: the document says no body, but one came as {contentType}";
        var media = contentType?.Split(';')[0].Trim();
        if (media is null || !response.Content.TryGetValue(media, out var mediaType))
            return $"{name}: media type {media ?? "(none)"} is not documented (documented: {string.Join(", ", response.Content.Keys)})";
        // A file (format: binary) is bytes to a client, whatever its media type; only JSON bodies have a schema to meet.
        if (!media.EndsWith("json", StringComparison.Ordinal) || mediaType.Schema is null || mediaType.Schema.ActualSchema.Format == "binary") return null;

        var errors = mediaType.Schema.Validate(body);
        return errors.Count == 0 ? null
            : $"{name} as {media} does not match its schema: {string.Join("; ", errors.Take(5).Select(e => $"{e.Path}: {e.Kind}"))}";
    }

    private static (OpenApiDocument, List<(string, Regex, OpenApiOperation)>) Load()
    {
        var document = OpenApiDocument.FromJsonAsync(File.ReadAllText(DocumentPath)).GetAwaiter().GetResult();
        var operations = document.Paths
            .SelectMany(p => p.Value.Select(o => (o.Key.ToLowerInvariant(), Template(p.Key), o.Value)))
            // A literal segment beats a parameter (/assets/export before /assets/{id}).
            .OrderBy(o => o.Item2.ToString().Count(c => c == '[')).ToList();
        return (document, operations);
    }

    private static Regex Template(string template) =>
        new("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+\}", "[^/]+") + "/?$", RegexOptions.IgnoreCase);
}

/// <summary>Outermost middleware of the test host: buffers each response, checks it against <see cref="Contract"/>, fails the request on a mismatch.</summary>
public sealed class ContractCheckingStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, following) =>
        {
            var original = context.Response.Body;
            await using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await following(context);
            }
            finally
            {
                context.Response.Body = original;
            }
            buffer.Position = 0;
            var encoded = context.Response.Headers.ContentEncoding.Count > 0;
            var body = encoded ? "" : await new StreamReader(buffer, leaveOpen: true).ReadToEndAsync();
            var violation = encoded ? null : Contract.Check(context.Request.Method, context.Request.Path, context.Response.StatusCode,
                context.Response.ContentType, body);
            if (violation is not null) throw new ContractViolationException(violation);
            buffer.Position = 0;
            await buffer.CopyToAsync(original);
        });
        next(app);
    };
}

public sealed class ContractViolationException(string message) : Exception("The response breaks openapi/openapi.json: " + message);
