using System.Text.Json.Nodes;

namespace ConnectingPeople.Directory.Api.Features.Curation;

/// <summary>RFC 7396 JSON merge patch: objects merge member by member, null removes, anything else replaces.</summary>
public static class MergePatch
{
    /// <summary>Merges a patch into a write body; an unknown field or a wrong value comes back as (field, message).</summary>
    public static (T? Merged, string? Field, string? Error) Merge<T>(T current, System.Text.Json.JsonElement patch, System.Text.Json.JsonSerializerOptions options)
    {
        if (patch.ValueKind != System.Text.Json.JsonValueKind.Object) return (default, "body", "must be a JSON object (RFC 7396 merge patch).");
        var document = System.Text.Json.JsonSerializer.SerializeToNode(current, options);
        try
        {
            return (System.Text.Json.JsonSerializer.Deserialize<T>(Apply(document, JsonNode.Parse(patch.GetRawText()))!, options), null, null);
        }
        catch (System.Text.Json.JsonException ex)
        {
            var (field, message) = Shared.JsonErrors.Describe(ex);
            return (default, field, message);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("UTF-16", StringComparison.Ordinal))
        {
            // A lone surrogate escape ("\ud800") parses as JSON but cannot become a string: the client's text is broken.
            return (default, "body", "contains a \\u escape that is half of a UTF-16 surrogate pair: send whole characters.");
        }
    }

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target as JsonObject is { } existing ? (JsonObject)existing.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null) result.Remove(name);
            else result[name] = Apply(result[name], value);
        }
        return result;
    }
}
