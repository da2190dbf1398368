using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>
/// The document-wide corrections that make validators and generators read the document the way the service behaves:
/// a nullable reference is <c>oneOf [ref, null]</c> (an <c>allOf</c> with a null type matches nothing); every field
/// of a response schema is required, because the serializer always writes it (null when empty), except in schemas
/// whose serializer omits nulls (Open Referral UK, problem documents); tags carry descriptions; a server is named.
/// </summary>
public sealed class DocumentShapeFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Assets"] = "Listings (community assets: groups, clubs, walks...) in full, one at a time or paged.",
        ["Curation"] = "Writes by curators and admins: listings, organisations, venues, verification, history, feedback triage and the change feed.",
        ["Organisations"] = "The organisations that run listings.",
        ["Locations"] = "Venues where listings meet.",
        ["Feedback"] = "Anyone may report a listing that is wrong or has closed.",
        ["Import and export"] = "Bulk CSV, GeoJSON and Open Referral UK import, and downloads that import back unchanged.",
        ["Insights"] = "Aggregate signposting and search-demand figures, with small numbers suppressed.",
        ["Keys"] = "API keys (admin): create, list and revoke.",
        ["Open Referral UK"] = "The directory as an Open Referral UK 3.0 feed, for other directories and aggregators.",
        ["Postcodes"] = "Postcode lookup against the ONS and OS Open data the search uses.",
        ["Search"] = "Find listings near a place, by interests, times, cost, access and audience.",
        ["Signposting"] = "Link workers' signposting records and the shortlists they hand to people.",
        ["Taxonomies"] = "The controlled vocabularies: interests, accessibility, audiences, kinds.",
        ["Sync"] = "Feeds for keeping a copy in step: the change feed and the OpenActive RPDE feed of listings.",
        ["Service"] = "The service's index and health.",
    };

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        document.Servers = [new OpenApiServer { Url = "/", Description = "The service that serves this document" }];
        var used = document.Paths.Values.SelectMany(p => (IEnumerable<OpenApiOperation>?)p.Operations?.Values ?? []).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name).OfType<string>().Distinct().Order();
        document.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag
        {
            Name = name, Description = TagDescriptions.GetValueOrDefault(name),
        }));

        var schemas = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        foreach (var schema in schemas.Values.OfType<OpenApiSchema>()) RewriteNullableReferences(schema, document);

        var requests = Reachable(schemas, document.Paths.Values.SelectMany(p => (IEnumerable<OpenApiOperation>?)p.Operations?.Values ?? [])
            .SelectMany(o => o.RequestBody?.Content?.Values ?? []).Select(m => m.Schema));
        var responses = Reachable(schemas, document.Paths.Values.SelectMany(p => (IEnumerable<OpenApiOperation>?)p.Operations?.Values ?? [])
            .SelectMany(o => (IEnumerable<IOpenApiResponse>?)o.Responses?.Values ?? []).SelectMany(r => r.Content?.Values ?? []).Select(m => m.Schema));
        foreach (var name in responses.Except(requests))
        {
            if (schemas[name] is not OpenApiSchema { Properties.Count: > 0 } schema) continue;
            var omitsNulls = name.StartsWith("Oruk", StringComparison.Ordinal) || name.EndsWith("ProblemDetails", StringComparison.Ordinal);
            schema.Required = new SortedSet<string>(schema.Properties.Where(p => !omitsNulls || !CanBeNull(p.Value)).Select(p => p.Key), StringComparer.Ordinal);
        }
    }

    private static void RewriteNullableReferences(OpenApiSchema schema, OpenApiDocument document)
    {
        if (schema.Properties is null) return;
        foreach (var (name, property) in schema.Properties.ToList())
        {
            if (property is OpenApiSchema { AllOf: [OpenApiSchemaReference reference] } wrapper)
            {
                var target = new OpenApiSchemaReference(reference.Reference.Id!, document);
                schema.Properties[name] = wrapper.Type?.HasFlag(JsonSchemaType.Null) == true
                    ? new OpenApiSchema { OneOf = [target, new OpenApiSchema { Type = JsonSchemaType.Null }], Description = wrapper.Description }
                    : wrapper.Description is null ? target : new OpenApiSchema { AllOf = [target], Description = wrapper.Description };
            }
        }
    }

    private static bool CanBeNull(IOpenApiSchema schema) =>
        schema.Type?.HasFlag(JsonSchemaType.Null) == true || schema.OneOf?.Any(o => o.Type == JsonSchemaType.Null) == true;

    private static HashSet<string> Reachable(IDictionary<string, IOpenApiSchema> schemas, IEnumerable<IOpenApiSchema?> roots)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<IOpenApiSchema>(roots.OfType<IOpenApiSchema>());
        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference { Reference.Id: { } id })
            {
                if (seen.Add(id) && schemas.TryGetValue(id, out var target)) pending.Push(target);
                continue;
            }
            IEnumerable<IOpenApiSchema?> children = [.. schema.Properties?.Values ?? [], schema.Items, schema.AdditionalProperties,
                .. schema.AllOf ?? [], .. schema.OneOf ?? [], .. schema.AnyOf ?? []];
            foreach (var child in children.OfType<IOpenApiSchema>()) pending.Push(child);
        }
        return seen;
    }
}
