using System.Collections.Concurrent;
using NJsonSchema;
using NJsonSchema.Validation;

namespace ConnectingPeople.Directory.Api.Tests.Features.OpenReferral;

/// <summary>The ORUK 3.0 JSON schemas the official validator checks feeds against (copied into Schemas/, see its README).</summary>
public static class OrukSchemas
{
    private static readonly ConcurrentDictionary<string, Task<JsonSchema>> Cache = new();

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Schemas");

    /// <summary>Accepts the validator's names ("V3.0-UK/service.json") or plain file names.</summary>
    public static Task<JsonSchema> LoadAsync(string name) =>
        Cache.GetOrAdd(Path.GetFileName(name), file => JsonSchema.FromFileAsync(Path.Combine(Folder, file)));

    public static async Task AssertValidAsync(string json, string schemaName, string what)
    {
        var schema = await LoadAsync(schemaName);
        var errors = schema.Validate(json);
        Assert.True(errors.Count == 0,
            $"{what} does not match {schemaName}:\n" + string.Join("\n", Flatten(errors).Take(10).Select(e => $"{e.Path}: {e.Kind} {e.Property}")));
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors) => errors.SelectMany(e =>
        e is ChildSchemaValidationError child ? child.Errors.SelectMany(kv => Flatten(kv.Value)).DefaultIfEmpty(e) : [e]);
}
