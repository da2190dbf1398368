using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>
/// Declares the outcomes every operation shares, so a generated client or a validating proxy knows them: the
/// middleware answers 400 (unbindable parameter), 404 (no such id), 413/415 (body too large, wrong media type),
/// 429 (rate limit) and 503 (database unreachable) before or around any handler. Public operations say so
/// (<c>security: []</c>) instead of inheriting nothing.
/// </summary>
public sealed class SharedOutcomesOperationFilter : IOperationFilter
{
    public const string ProblemMediaType = "application/problem+json";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any()) operation.Security = [];

        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        var validation = context.SchemaGenerator.GenerateSchema(typeof(HttpValidationProblemDetails), context.SchemaRepository);
        operation.Responses ??= [];
        var path = context.ApiDescription.RelativePath ?? "";
        var hasBody = operation.RequestBody is not null;
        // StrictQuery refuses an undeclared query parameter on every native operation, so each can answer 400.
        var native = path.StartsWith(StrictQuery.Prefix.TrimStart('/'), StringComparison.Ordinal);
        if (hasBody || native || operation.Parameters is { Count: > 0 }) Add(operation, "400", "A parameter or the body is invalid: errors names each field.", validation);
        var paged = operation.Parameters?.Any(p => p.Name == "page") == true;
        if (path.Contains('{') || paged) Add(operation, "404", paged ? "There is no record with that id, or the page is past the last one." : "There is no record with that id.", problem);
        if (hasBody)
        {
            Add(operation, "413", "The body is larger than the limit named in the problem.", validation);
            Add(operation, "415", "The body's Content-Type is not one this operation reads; the problem names the one to send.", problem);
        }
        if (metadata.OfType<ConditionalRead>().Any())
        {
            operation.Responses.TryAdd("304", new OpenApiResponse { Description = "Not modified: the ETag sent in If-None-Match is still current." });
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-None-Match", In = ParameterLocation.Header,
                Description = "The ETag of the copy you hold: the answer is 304 with no body while it is current.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        Add(operation, "429", "Too many requests from this key or address: wait the Retry-After seconds.", problem);
        Add(operation, "503", "The database cannot be reached just now: retry after the Retry-After seconds.", problem);
    }

    private static void Add(OpenApiOperation operation, string status, string description, IOpenApiSchema schema)
    {
        if (operation.Responses!.ContainsKey(status)) return;
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemMediaType] = new() { Schema = schema } },
        };
    }
}

/// <summary>
/// Each alternative representation of a 200 gets the schema it really has: CSV is a file (a generated client hands
/// back a stream), GeoJSON a FeatureCollection, and JSON comes first so clients that pick the first media type ask for it.
/// Operations that only ever send files (exports) declare <see cref="System.IO.Stream"/> and are left as they are.
/// </summary>
public sealed class MediaTypesOperationFilter : IOperationFilter
{
    public const string GeoJsonSchemaId = "GeoJsonFeatureCollection";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        // A body is its schema, not an allOf of one schema (which tools read as a composition to resolve).
        foreach (var media in operation.RequestBody?.Content?.Values ?? [])
        {
            if (media.Schema is OpenApiSchema { AllOf: [OpenApiSchemaReference only] }) media.Schema = only;
        }
        foreach (var response in operation.Responses?.Values.OfType<OpenApiResponse>() ?? [])
        {
            if (response.Content is not { Count: > 0 } content) continue;
            foreach (var (type, media) in content)
            {
                if (media.Schema is OpenApiSchema { Format: "binary" }) continue;
                if (type.StartsWith("text/csv", StringComparison.Ordinal)) media.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
                else if (type == "application/geo+json") media.Schema = GeoJson(context);
                else if (type == "text/html") media.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
                // A status answered as a page or as a problem (by Accept) declares one type for both.
                else if (type == SharedOutcomesOperationFilter.ProblemMediaType && media.Schema is not OpenApiSchemaReference)
                    media.Schema = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
            }
            var ordered = content.OrderBy(c => c.Key == "application/json" ? 0 : 1).ToList();
            content.Clear();
            foreach (var (type, media) in ordered) content[type] = media;
        }
    }

    private static OpenApiSchemaReference GeoJson(OperationFilterContext context)
    {
        if (!context.SchemaRepository.Schemas.ContainsKey(GeoJsonSchemaId))
        {
            var point = new OpenApiSchema
            {
                Type = JsonSchemaType.Object | JsonSchemaType.Null,
                Description = "A Point in WGS84 [longitude, latitude]; null for a listing that covers an area instead of meeting at a venue.",
                Required = new HashSet<string> { "type", "coordinates" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Point." },
                    ["coordinates"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Number }, Description = "[longitude, latitude] in WGS84 degrees." },
                },
            };
            var feature = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "One record of the CSV form, placed at its venue.",
                Required = new HashSet<string> { "type", "geometry", "properties" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("Feature")], Description = "Feature." },
                    ["id"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Number, Description = "The feature's id." },
                    ["geometry"] = point,
                    ["properties"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "The columns of the CSV form of the same data." },
                },
            };
            context.SchemaRepository.AddDefinition(GeoJsonSchemaId, new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "An RFC 7946 FeatureCollection (opens in QGIS, Leaflet, GDAL); paging fields sit beside features.",
                Required = new HashSet<string> { "type", "features" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("FeatureCollection")], Description = "FeatureCollection." },
                    ["features"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = feature, Description = "The features, in the order the CSV form lists its rows." },
                },
            });
        }
        return new OpenApiSchemaReference(GeoJsonSchemaId, context.Document);
    }
}

/// <summary>Times of day travel as "HH:MM" (<see cref="TimeOfDayJsonConverter"/>), not as RFC 3339 <c>format: time</c>.</summary>
public sealed class TimeOfDaySchemaFilter : ISchemaFilter
{
    public const string Pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema s || (Nullable.GetUnderlyingType(context.Type) ?? context.Type) != typeof(TimeOnly)) return;
        s.Format = null;
        s.Pattern = Pattern;
        s.Example ??= System.Text.Json.Nodes.JsonValue.Create("18:30");
    }
}
