using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Features.Shared;

namespace ConnectingPeople.Directory.Api.Features.Curation;

/// <summary>One field a change set differently: what history and an import's dry run show, so nobody compares two bodies by hand.</summary>
/// <param name="Field">The field's name (snake_case, as in the write body).</param>
/// <param name="Before">Its value before; null when it was absent.</param>
/// <param name="After">Its value after; null when it is absent now.</param>
public sealed record FieldChange(string Field, JsonNode? Before, JsonNode? After)
{
    /// <summary>The top-level fields whose JSON differs between two states (either may be null: a create or a delete).</summary>
    public static IReadOnlyList<FieldChange> Between(object? before, object? after) =>
        Between(before is null ? null : JsonSerializer.SerializeToNode(before, AuditLog.Json) as JsonObject,
            after is null ? null : JsonSerializer.SerializeToNode(after, AuditLog.Json) as JsonObject);

    public static IReadOnlyList<FieldChange> Between(JsonObject? before, JsonObject? after)
    {
        if (before is null && after is null) return [];
        var fields = (before?.Select(p => p.Key) ?? []).Union(after?.Select(p => p.Key) ?? []);
        return [.. fields
            .Select(f => (Field: f, Before: before?[f], After: after?[f]))
            .Where(x => !JsonNode.DeepEquals(x.Before, x.After))
            .Select(x => new FieldChange(x.Field, x.Before?.DeepClone(), x.After?.DeepClone()))];
    }
}
