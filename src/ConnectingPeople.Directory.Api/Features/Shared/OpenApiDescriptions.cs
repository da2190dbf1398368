using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>
/// Descriptions that XML doc comments cannot carry: the framework's problem types, and the <c>{id}</c> route values
/// bound by lambdas (which have no doc comments). A test fails for any parameter or field still undescribed.
/// </summary>
public sealed class FrameworkDescriptionsFilter : ISchemaFilter, IOperationFilter
{
    private static readonly Dictionary<string, string> ProblemFields = new()
    {
        ["type"] = "A URI naming the kind of problem (RFC 9457).",
        ["title"] = "A short summary of the kind of problem.",
        ["status"] = "The HTTP status code.",
        ["detail"] = "What went wrong this time, and what to send instead.",
        ["instance"] = "The request path the problem is about.",
        ["errors"] = "For a 400, 413 or 415: each offending field (snake_case, with its path in the body) and what is wrong with it.",
    };

    /// <summary>The noun for the record a collection's {id} names.</summary>
    private static readonly Dictionary<string, string> Records = new()
    {
        ["assets"] = "listing", ["organisations"] = "organisation", ["locations"] = "venue", ["feedback"] = "problem report",
        ["signposts"] = "signposting record", ["keys"] = "API key", ["services"] = "service", ["service_at_locations"] = "service-at-location",
        ["organizations"] = "organization", ["taxonomies"] = "taxonomy", ["taxonomy_terms"] = "taxonomy term",
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties: { } properties } || !typeof(ProblemDetails).IsAssignableFrom(context.Type)) return;
        foreach (var (name, property) in properties)
        {
            if (property is OpenApiSchema { Description: null } field && ProblemFields.TryGetValue(name, out var text)) field.Description = text;
        }
    }

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var segments = (context.ApiDescription.RelativePath ?? "").Split('/');
        var at = Array.IndexOf(segments, "{id}");
        if (at < 1 || !Records.TryGetValue(segments[at - 1], out var noun)) return;
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter is { Name: "id", In: ParameterLocation.Path, Description: null }) parameter.Description = $"The {noun}'s id.";
        }
    }
}
