using System.Text.Json.Nodes;

namespace ConnectingPeople.Directory.Api.Features.Curation;

/// <summary>RFC 7396 JSON merge patch: objects merge member by member, null removes, anything else replaces.</summary>
public static class MergePatch
{
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
