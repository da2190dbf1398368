using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;

namespace ConnectingPeople.Directory.Api.Tests.OpenApi;

/// <summary>
/// Every parameter and every field of the committed document says what it is, so a generated client's IntelliSense and
/// Swagger UI explain it: a new field or parameter without an XML doc comment (or a filter's description) fails here.
/// </summary>
public sealed class OpenApiDescriptionTests
{
    private static readonly string CommittedPath = Path.Combine(Path.GetDirectoryName(TestDatabases.SeedDataDirectory)!, "openapi", "openapi.json");

    [Fact]
    public async Task Every_parameter_and_every_schema_property_has_a_description()
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath))!;
        var undescribed = new List<string>();
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Name: $"{op.Key} {path.Key}", Operation: op.Value!.AsObject()))).ToList();
        foreach (var (name, operation) in operations)
        {
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                if (!Described(parameter!)) undescribed.Add($"{name}: parameter {parameter!["name"]}");
                Walk(parameter!["schema"], $"{name}: parameter {parameter["name"]}", undescribed);
            }
            var bodies = new[] { operation["requestBody"] }.Concat(operation["responses"]!.AsObject().Select(r => r.Value));
            foreach (var body in bodies.OfType<JsonNode>())
            {
                foreach (var (type, media) in body["content"]?.AsObject() ?? [])
                    Walk(media!["schema"], $"{name}: {type}", undescribed);
            }
        }
        foreach (var (id, schema) in document["components"]!["schemas"]!.AsObject()) Walk(schema, $"#/components/schemas/{id}", undescribed);

        Assert.True(operations.Count > 50 && document["components"]!["schemas"]!.AsObject().Count > 50, "the walk found too little: has the document moved?");
        Assert.True(undescribed.Count == 0,
            $"{undescribed.Count} without a description (add an XML doc comment, then run scripts/update-openapi.sh):\n" + string.Join("\n", undescribed));
    }

    /// <summary>Visits a schema and everything inline in it; a referenced schema is checked once, under components.</summary>
    private static void Walk(JsonNode? schema, string path, List<string> undescribed)
    {
        if (schema is not JsonObject s || s.ContainsKey("$ref")) return;
        foreach (var (name, property) in s["properties"]?.AsObject() ?? [])
        {
            if (!Described(property!)) undescribed.Add($"{path}.{name}");
            Walk(property, $"{path}.{name}", undescribed);
        }
        Walk(s["items"], $"{path}[]", undescribed);
        Walk(s["additionalProperties"], $"{path}{{}}", undescribed);
        foreach (var key in new[] { "allOf", "oneOf", "anyOf" })
        {
            foreach (var (part, i) in (s[key]?.AsArray() ?? []).Select((p, i) => (p, i))) Walk(part, $"{path}.{key}[{i}]", undescribed);
        }
    }

    private static bool Described(JsonNode node) => node["description"]?.GetValue<string>() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text);
}
