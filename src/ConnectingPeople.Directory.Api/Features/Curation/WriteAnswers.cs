using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectingPeople.Directory.Api.Features.Curation;

/// <summary>The HTTP answer for a pipeline write that did not save, the same for listings, venues and organisations.</summary>
public static class WriteAnswers
{
    /// <summary>Null when the write saved (or failed validation, which the caller answers with its own field names).</summary>
    public static ProblemHttpResult? Failure<T>(WriteResult<T> result, string noun, Guid? id, string conflictTitle = "Conflict") where T : class, ICuratedRecord =>
        result.Outcome switch
        {
            WriteOutcome.NotFound or WriteOutcome.Deleted => Problems.NotFound(noun, id!),
            WriteOutcome.OutOfScope when result.Blocking.Count > 0 => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Outside your scope",
                detail: result.Detail, extensions: new Dictionary<string, object?> { ["listings"] = result.Blocking }),
            WriteOutcome.OutOfScope => Preconditions.OutOfScope(result.Detail),
            WriteOutcome.Stale => Preconditions.Stale(),
            WriteOutcome.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: conflictTitle, detail: result.Detail),
            _ => null,
        };
}
