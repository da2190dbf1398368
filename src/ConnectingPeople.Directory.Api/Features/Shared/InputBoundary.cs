using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>
/// Every query parameter and route value passes <see cref="InputText"/> before any endpoint sees it: a value with a
/// control character, broken Unicode or more than <see cref="InputText.MaxQueryValueLength"/> characters is a 400
/// naming the parameter; the rest reach the endpoints NFKC-normalised. (JSON bodies pass the same check in
/// <see cref="SafeStringJsonConverter"/>; imported files in the importer.)
/// </summary>
public sealed class InputBoundary(IProblemDetailsService problems, IEnumerable<IRefusedInputPage> pages) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var errors = new Validation();
        foreach (var (name, value) in context.Request.RouteValues)
            if (value is string text && InputText.Problem(text, multiline: false) is { } problem) errors.Add(InputText.Printable(name), problem);
        if (errors.IsValid && InputText.Problem(context.Request.Path.Value ?? "", multiline: false) is { } pathProblem) errors.Add("path", pathProblem);

        var query = context.Request.Query;
        if (query.Count > 0)
        {
            var cleaned = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
            var changed = false;
            foreach (var (name, values) in query)
            {
                var field = InputText.Printable(name);
                if (InputText.Problem(name, multiline: false) is { } nameProblem)
                {
                    errors.Add(field, "is not a parameter name: " + nameProblem);
                    continue;
                }
                var normalised = new string?[values.Count];
                for (var i = 0; i < values.Count; i++)
                {
                    var value = values[i] ?? "";
                    if (value.Length > InputText.MaxQueryValueLength)
                    {
                        errors.Add(field, $"must be at most {InputText.MaxQueryValueLength} characters.");
                        continue;
                    }
                    var (clean, problem) = InputText.Clean(value, multiline: false);
                    if (problem is not null) errors.Add(field, problem);
                    normalised[i] = clean;
                    changed |= !ReferenceEquals(clean, value) && clean != value;
                }
                cleaned[name] = normalised;
            }
            if (changed && errors.IsValid) context.Request.Query = new QueryCollection(cleaned);
        }

        if (errors.IsValid)
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        if (pages.FirstOrDefault(p => p.Serves(context)) is { } page)
        {
            await page.WriteAsync(context, errors);
            return;
        }
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ValidationProblemDetails(errors.ToDictionary())
            {
                Status = StatusCodes.Status400BadRequest, Title = "The request has invalid parameters",
                Detail = "See errors for each parameter and what is wrong with it.",
            },
        });
    }
}

/// <summary>
/// Where people rather than programs read the answer (the link workers' pages), refused input is shown as a page of
/// that feature's own: the same refusal and status, in HTML.
/// </summary>
public interface IRefusedInputPage
{
    bool Serves(HttpContext context);

    Task WriteAsync(HttpContext context, Validation errors);
}
