using System.Collections.Concurrent;
using NJsonSchema;
using NJsonSchema.Validation;
using NJsonSchema.Validation.FormatValidators;

namespace ConnectingPeople.Directory.Api.Tests.Features.OpenReferral;

/// <summary>The ORUK 3.0 JSON schemas the official validator checks feeds against (copied into Schemas/, see its README).</summary>
public static class OrukSchemas
{
    private static readonly ConcurrentDictionary<string, Task<JsonSchema>> Cache = new();

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Schemas");

    /// <summary>Accepts the validator's names ("V3.0-UK/service.json") or plain file names.</summary>
    public static Task<JsonSchema> LoadAsync(string name) =>
        Cache.GetOrAdd(Path.GetFileName(name), file => JsonSchema.FromFileAsync(Path.Combine(Folder, file)));

    /// <summary>
    /// Format checking as strict as the official validator's: NJsonSchema's own "uri" check is Uri.TryCreate, which
    /// passes https://x/"&gt;&lt;script&gt; that the ORUK validator (well-formed URI strings) fails a feed for.
    /// </summary>
    private static readonly JsonSchemaValidatorSettings StrictFormats = CreateSettings();

    private static JsonSchemaValidatorSettings CreateSettings()
    {
        var settings = new JsonSchemaValidatorSettings();
        settings.FormatValidators =
        [
            .. settings.FormatValidators.Where(v => v.Format is not ("uri" or "email")),
            new StrictFormat("uri", ValidationErrorKind.UriExpected, v => Uri.IsWellFormedUriString(v, UriKind.Absolute)),
            new StrictFormat("email", ValidationErrorKind.EmailExpected, v =>
                v.All(char.IsAscii) && System.Net.Mail.MailAddress.TryCreate(v, out var address) && address.Address == v && address.Host.Contains('.')),
        ];
        return settings;
    }

    private sealed class StrictFormat(string format, ValidationErrorKind kind, Func<string, bool> rule) : IFormatValidator
    {
        public string Format => format;
        public ValidationErrorKind ValidationErrorKind => kind;
        public bool IsValid(string value, Newtonsoft.Json.Linq.JTokenType tokenType) => tokenType != Newtonsoft.Json.Linq.JTokenType.String || rule(value);
    }

    public static async Task AssertValidAsync(string json, string schemaName, string what)
    {
        var schema = await LoadAsync(schemaName);
        var errors = schema.Validate(json, StrictFormats);
        Assert.True(errors.Count == 0,
            $"{what} does not match {schemaName}:\n" + string.Join("\n", Flatten(errors).Take(10).Select(e => $"{e.Path}: {e.Kind} {e.Property}")));
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors) => errors.SelectMany(e =>
        e is ChildSchemaValidationError child ? child.Errors.SelectMany(kv => Flatten(kv.Value)).DefaultIfEmpty(e) : [e]);
}
