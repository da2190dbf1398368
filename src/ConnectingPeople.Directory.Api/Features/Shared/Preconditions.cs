using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>Optimistic concurrency over HTTP: the ETag is the row version; writes must send it back in If-Match.</summary>
public static class Preconditions
{
    public static string ETag(uint version) => $"\"{version}\"";

    /// <summary>The version the client last saw, or a problem: 428 without If-Match, 412 when it is not the current one.</summary>
    public static (uint? Version, ProblemHttpResult? Problem) Check(HttpRequest request, uint current)
    {
        var (version, problem) = Read(request);
        if (problem is not null) return (null, problem);
        return version == current ? (version, null) : (null, Stale());
    }

    /// <summary>The version in If-Match (0, which no record has, when it does not read as one), or 428 without the header.</summary>
    public static (uint? Version, ProblemHttpResult? Problem) Read(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required",
                detail: "Send the ETag from your last read of this record in an If-Match header, so an edit never overwrites one you have not seen."));
        }
        var tag = header.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
        return (uint.TryParse(tag.Trim('"'), out var version) ? version : 0, null);
    }

    public static ProblemHttpResult OutOfScope(string? detail = null) => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Outside your scope",
        detail: detail ?? "This key may write only records of its organisations or in its areas.");

    public static ProblemHttpResult Stale() => TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed,
        title: "The record has changed", detail: "Someone else changed this record since you read it. Read it again, reapply your edit, and send the new ETag.");
}
