using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>
/// Parameters that cannot be bound (a malformed id, "page=abc", a body that is not valid JSON) become a 400 problem
/// naming the parameter or the JSON path, instead of an empty 400.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    [GeneratedRegex("parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\"")]
    private static partial Regex ParameterPattern();

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;

        var (field, message) = Describe(bad);
        var problem = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "The request has invalid parameters",
            Detail = $"{field}: {message}",
        };
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    private static (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json) return JsonErrors.Describe(json);
        // The framework's own words ("Did you mean to use a Service instead?") mean nothing to a client.
        if (bad.Message.Contains("no body was provided", StringComparison.Ordinal) || bad.Message.Contains("from body", StringComparison.Ordinal))
            return ("body", "is required: send a JSON object with Content-Type: application/json.");
        var match = ParameterPattern().Match(bad.Message);
        if (!match.Success) return ("request", "could not be read: check its parameters and body against the OpenAPI document.");

        var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(match.Groups["name"].Value);
        var type = match.Groups["type"].Value.Replace("Nullable<", "").TrimEnd('?', '>');
        var expected = type switch
        {
            "Guid" => "a UUID",
            "int" or "Int32" or "long" => "a whole number",
            "double" or "decimal" => "a number",
            "bool" => "true or false",
            "DateTimeOffset" or "DateTime" => "a date-time such as 2026-01-31T09:00:00Z",
            "DateOnly" => "a date in YYYY-MM-DD form",
            _ => $"a valid {type}",
        };
        return bad.Message.StartsWith("Required", StringComparison.Ordinal)
            ? (name, "is required.")
            : (name, $"must be {expected}.");
    }
}

/// <summary>What a body that does not deserialise got wrong, as (field, message) in the API's terms.</summary>
public static partial class JsonErrors
{
    public static (string Field, string Message) Describe(JsonException json)
    {
        var field = json.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "body";
        // The serializer's own words name .NET types; say what is wrong in the API's terms instead.
        var message = json.Message switch
        {
            var m when m.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) => "is not a field of this request: check its spelling.",
            var m when m.Contains("could not be converted", StringComparison.Ordinal) => Allowed(m) is { } values
                ? $"must be one of {values}."
                : "has a value of the wrong type, or an option that does not exist.",
            var m => m.Split(" Path:")[0],
        };
        return (field, message);
    }

    [GeneratedRegex(@"could not be converted to (?:System\.Nullable`1\[)?(?<type>[\w.+]+)")]
    private static partial Regex TargetType();

    /// <summary>The values an enum field takes, as the API writes them, when the value sent was not one of them.</summary>
    private static string? Allowed(string message)
    {
        var name = TargetType().Match(message).Groups["type"].Value;
        var type = typeof(JsonErrors).Assembly.GetType(name);
        if (type is not { IsEnum: true }) return null;
        // The names JsonStringEnumConverter(SnakeCaseLower) reads and writes (ApiSetup.Configure).
        return string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName));
    }
}

/// <summary>The database being unreachable is a 503 the client may retry, never a 500 with a stack trace.</summary>
public sealed class DatabaseUnavailableExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!Data.DatabaseFaults.IsUnavailable(exception)) return false;

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database unavailable",
                Detail = "The directory's database cannot be reached just now. Try again in a few seconds.",
            },
        });
    }
}

/// <summary>
/// A statement that ran out of time is the query's cost, not the database's health: a 400 saying how to narrow it,
/// never retried (it would run out again) and never a pool clear.
/// </summary>
public sealed class QueryTooExpensiveExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!Data.DatabaseFaults.IsTooExpensive(exception)) return false;

        const string narrow = "took too long to answer: narrow it with fewer codes per filter, interests_match=any, a smaller radius_km or fewer words in q.";
        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]> { ["query"] = [narrow] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Query too expensive",
                Detail = "This request asked for more work than the directory does for one query. The query " + narrow,
            },
        });
    }
}

/// <summary>No database connection came free in time: over capacity, told fast with Retry-After instead of queueing.</summary>
public sealed class DatabaseBusyExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!Data.DatabaseFaults.IsPoolExhausted(exception)) return false;
        await Features.Protection.Overload.WriteAsync(httpContext);
        return true;
    }
}

/// <summary>
/// A write that breaks a uniqueness rule the validators could not see (two curators at once, or an external_id used by
/// another organisation) is a 409 naming the field, never a 500; the other record is not described.
/// </summary>
public sealed class UniqueViolationExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var postgres = exception as Npgsql.PostgresException ?? exception.InnerException as Npgsql.PostgresException;
        if (postgres is not { SqlState: "23505" }) return false;
        var field = postgres.ConstraintName?.Contains("external_id", StringComparison.Ordinal) == true ? "external_id" : "body";
        httpContext.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = ["is already used: choose another value."] })
            {
                Status = StatusCodes.Status409Conflict, Title = "Already in use", Detail = $"{field}: is already used: choose another value.",
            },
        });
    }
}
