using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ConnectingPeople.Directory.Api.Features.Shared;

public static class Problems
{
    public static ProblemHttpResult NotFound(string what, object id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: $"There is no {what.ToLowerInvariant()} with id '{id}'.");

    public static ValidationProblem Invalid(Validation validation) => TypedResults.ValidationProblem(
        validation.ToDictionary(), title: "The request has invalid parameters", detail: "See errors for each parameter and what is wrong with it.");

    /// <summary>
    /// The same problem body as <see cref="Invalid(Validation)"/>, as a 422 when every problem is a well-formed value the
    /// directory does not know (an unknown postcode), so a client can tell "fix the request" from "check the address".
    /// </summary>
    public static ProblemHttpResult Unprocessable(Validation validation) => TypedResults.Problem(new HttpValidationProblemDetails(validation.ToDictionary())
    {
        Status = StatusCodes.Status422UnprocessableEntity,
        Title = "The request names something the directory does not know",
        Detail = "See errors for each field and what to check.",
    });

    public static ValidationProblem Invalid(string field, string message)
    {
        var validation = new Validation();
        validation.Add(field, message);
        return Invalid(validation);
    }

    /// <summary>A well-formed postcode that is not in our tables, nor its sector or district.</summary>
    public static ProblemHttpResult UnknownPostcode() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Postcode not found", detail: "Neither the postcode, its sector nor its district is in our postcode tables.",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["postcode"] = ["was not found."] } });

    public static ProblemDetails PageOutOfRange(PageRequest request, int total) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Page out of range",
        Detail = $"page {request.Number} is past the last page: there are {total} items, {(int)Math.Ceiling(total / (double)request.Size)} page(s) of {request.Size}.",
        Extensions = { ["errors"] = new Dictionary<string, string[]> { ["page"] = ["is past the last page."] } },
    };

    public static ProblemHttpResult ToResult(this ProblemDetails problem) => TypedResults.Problem(problem);
}
