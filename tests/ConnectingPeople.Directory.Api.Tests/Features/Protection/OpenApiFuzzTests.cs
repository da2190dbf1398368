using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Protection;

/// <summary>
/// Requests made from our own OpenAPI document: every operation, with random and boundary values for every parameter
/// and body field (wrong types, missing and unknown fields, malformed JSON, NUL and other control characters, Unicode
/// tricks, extreme numbers and dates, oversized lists), as an admin, a prescriber and anonymously; over 10,000 in all.
/// None may get a 5xx, every 4xx must be a problem document, and every 400 must name the field it is about.
/// </summary>
public sealed class OpenApiFuzzTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private const int RequestsPerOperation = 180;
    /// <summary>Text an attacker or a careless import would send: controls, invisible and look-alike characters, overlong values.</summary>
    private static readonly string[] HostileText =
    [
        "\u0000", "a\u0000b", "\u0001\u0002", "\u007F", "\u0085", "tab\there", "line\r\nbreak", "\u202Eevil", "\u2066x\u2069", "\uFEFFbom", "zero\u200Bwidth",
        "\uFF57\uFF41\uFF4C\uFF4B", "e\u0301", "\uFB01", "\u2126", "👍🏽", "\u0660\u0661", new string('x', 2_500), string.Concat(Enumerable.Repeat("walking,", 300)),
        "%00", "\\u0000", "<script>alert(1)</script>", "https://evil.example/\"><script>", "jane\uFF20example.com", "S1\u200B2HE",
    ];

    private static readonly string[] MalformedJson = ["{", "[]", "null", "\"text\"", "{\"name\":}", "{\"a\":1,,}", "\u0000", new string('[', 200) + new string(']', 200), "{\"name\": \"\\ud800\"}"];

    private readonly Random _random = new(20261201);
    private JsonElement _schemas;
    private Guid _assetId;

    [Fact]
    public async Task No_request_made_from_the_OpenAPI_document_gets_a_5xx_and_every_4xx_is_a_problem()
    {
        var root = Path.GetDirectoryName(TestDatabases.SeedDataDirectory.TrimEnd('/'))!;
        var document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(root, "openapi", "openapi.json"))).RootElement;
        _schemas = document.GetProperty("components").GetProperty("schemas");
        _assetId = (await AnAsset("Fuzzed walk").At(Places.SheffieldCityHall).About("walking").SaveAsync(app)).Id;
        HttpClient[] clients =
        [
            app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin)),
            app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber, team: "Fuzzing link workers")),
            app.CreateClient(),
        ];

        var failures = new List<string>();
        var sent = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                for (var i = 0; i < RequestsPerOperation; i++)
                {
                    using var request = Build(operation.Name.ToUpperInvariant(), path.Name, operation.Value, i);
                    var described = $"{request.Method} {request.RequestUri}";
                    using var response = await clients[i % 5 == 4 ? 2 : i % 5 == 3 ? 1 : 0].SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    sent++;
                    var status = (int)response.StatusCode;
                    if (status >= 500) failures.Add($"{described} -> {status}: {Truncate(body)}");
                    else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                        failures.Add($"{described} -> {status} as {response.Content.Headers.ContentType?.MediaType ?? "(none)"}: {Truncate(body)}");
                    else if (body.Contains("   at ", StringComparison.Ordinal)) failures.Add($"{described} -> {status} shows a stack trace");
                    else if (status == 400 && !NamesAField(body)) failures.Add($"{described} -> 400 names no field: {Truncate(body)}");
                }
            }
        }

        Assert.True(sent >= 10_000, $"only {sent} requests");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests failed:\n" + string.Join("\n", failures.Take(25)));
    }

    private HttpRequestMessage Build(string method, string template, JsonElement operation, int attempt)
    {
        var path = template;
        var query = new List<string>();
        var request = new HttpRequestMessage(new HttpMethod(method), "/");
        if (operation.TryGetProperty("parameters", out var parameters))
        {
            foreach (var parameter in parameters.EnumerateArray())
            {
                var name = parameter.GetProperty("name").GetString()!;
                var schema = parameter.TryGetProperty("schema", out var s) ? Resolve(s) : default;
                var where = parameter.GetProperty("in").GetString();
                // The test server refuses a NUL in a path before sending (Kestrel answers it with a 400 of its own).
                if (where == "path") path = path.Replace("{" + name + "}", Uri.EscapeDataString(Value(schema, attempt).Replace('\0', '\u0001')), StringComparison.Ordinal);
                else if (where == "query" && _random.Next(3) > 0) query.Add($"{name}={Uri.EscapeDataString(Value(schema, attempt))}");
                else if (where == "header" && _random.Next(2) == 0) request.Headers.TryAddWithoutValidation(name, Pick("\"1\"", "\"abc\"", "*", "garbage", "W/\"2\"", ""));
            }
        }
        request.RequestUri = new Uri(path + (query.Count > 0 ? "?" + string.Join("&", query) : ""), UriKind.Relative);
        if (operation.TryGetProperty("requestBody", out var body))
        {
            var content = body.GetProperty("content").EnumerateObject().ToList();
            var chosen = content[_random.Next(content.Count)];
            var text = chosen.Name switch
            {
                "text/csv" => Pick("name,summary\r\nA,B\r\n", "external_id,organisation,name\r\n\"unclosed,x\r\n", "", "\u0000\u0001", "a;b;c\nd"),
                _ when _random.Next(4) == 0 => Pick(MalformedJson),
                _ => chosen.Value.TryGetProperty("schema", out var schema) ? Json(Resolve(schema), 0)?.ToJsonString() ?? "null" : "{}",
            };
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(chosen.Name);
        }
        return request;
    }

    /// <summary>A parameter value: valid, boundary or plain wrong, by the schema's type.</summary>
    private string Value(JsonElement schema, int attempt)
    {
        var type = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var t) ? t.ToString() : "string";
        var format = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("enum", out var values) && _random.Next(3) > 0)
            return values[_random.Next(values.GetArrayLength())].ToString();
        return (type, format) switch
        {
            (_, "uuid") => Pick(_assetId.ToString(), Guid.NewGuid().ToString(), "not-a-uuid", "0", Guid.Empty.ToString()),
            (_, "date") => Pick("2026-12-01", "2026-02-30", "0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01", "tomorrow", "2026-12-01\u0000"),
            (_, "date-time") => Pick("2026-12-01T10:00:00Z", "2026-12-01", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-12-01T25:00:00Z", "yesterday"),
            ("integer", _) => Pick("1", "0", "-1", "20", "2147483647", "2147483648", "-2147483648", "-9223372036854775809", "1.5", "1e3", "abc", "", "\u0661", "0x10"),
            ("number", _) => Pick("0", "0.5", "-1", "53.38", "-1.47", "1e308", "1e400", "-0", "NaN", "Infinity", "-Infinity", "abc", "", "4.9e-324"),
            ("boolean", _) => Pick("true", "false", "1", "maybe", "", "\u0000"),
            _ when _random.Next(3) == 0 => Pick(HostileText),
            _ => attempt % 4 == 0 ? "S1 2HE" : Pick("", "x", "walking", "S1", "ZZ99 9ZZ", "tue", "morning", new string('a', 600), "é☃", "'; DROP TABLE x;--", "%", "../..", "a,b,,c"),
        };
    }

    /// <summary>A JSON value for the schema, sometimes with a field missing, of the wrong type, or unknown.</summary>
    private JsonNode? Json(JsonElement schema, int depth)
    {
        schema = Resolve(schema);
        if (depth > 6 || schema.ValueKind != JsonValueKind.Object) return JsonValue.Create("x");
        if (_random.Next(12) == 0) return Pick<JsonNode?>(JsonValue.Create(42), JsonValue.Create("wrong"), new JsonArray(), null, JsonValue.Create(true));
        foreach (var combinator in new[] { "allOf", "oneOf", "anyOf" })
            if (schema.TryGetProperty(combinator, out var parts) && parts.GetArrayLength() > 0) return Json(parts[_random.Next(parts.GetArrayLength())], depth + 1);
        if (schema.TryGetProperty("enum", out var values)) return JsonNode.Parse(values[_random.Next(values.GetArrayLength())].GetRawText());
        var type = schema.TryGetProperty("type", out var t) ? t.ToString() : schema.TryGetProperty("properties", out _) ? "object" : "string";
        if (type.Contains("object", StringComparison.Ordinal))
        {
            var obj = new JsonObject();
            if (schema.TryGetProperty("properties", out var properties))
                foreach (var property in properties.EnumerateObject())
                    if (_random.Next(4) > 0) obj[property.Name] = Json(property.Value, depth + 1);
            if (_random.Next(15) == 0) obj["colour"] = "red";
            return obj;
        }
        if (type.Contains("array", StringComparison.Ordinal))
        {
            var array = new JsonArray();
            var count = _random.Next(12) == 0 ? 150 : _random.Next(4);
            for (var i = 0; i < count; i++) array.Add(schema.TryGetProperty("items", out var items) ? Json(items, depth + 1) : JsonValue.Create(i));
            return array;
        }
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return (type, format) switch
        {
            (_, "uuid") => JsonValue.Create(Pick(_assetId.ToString(), Guid.NewGuid().ToString(), "nope")),
            (_, "date") => JsonValue.Create(Pick("2026-12-01", "2026-13-01", "", "0001-01-01", "9999-12-31", "1999-12-31")),
            (_, "date-time") => JsonValue.Create(Pick("2026-12-01T10:00:00Z", "soon", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z")),
            (_, "time") => JsonValue.Create(Pick("10:00", "25:61", "noon")),
            var (k, _) when k.Contains("integer", StringComparison.Ordinal) => JsonValue.Create(Pick(0L, -1L, 1L, 120L, long.MaxValue, long.MinValue, 2147483648L)),
            var (k, _) when k.Contains("number", StringComparison.Ordinal) => JsonValue.Create(Pick(0.0, -1.5, 53.38, 1e300, -1e308, double.Epsilon)),
            var (k, _) when k.Contains("boolean", StringComparison.Ordinal) => JsonValue.Create(_random.Next(2) == 0),
            _ when _random.Next(3) == 0 => JsonValue.Create(Pick(HostileText)),
            _ => JsonValue.Create(Pick("", "Walking group", "S1 2HE", new string('z', 5000), new string('z', 20_000), "hi@example.org", "01234 567890", "é☃")),
        };
    }

    private JsonElement Resolve(JsonElement schema)
    {
        for (var hops = 0; hops < 10 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); hops++)
            schema = _schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
        return schema;
    }

    private static bool NamesAField(string body)
    {
        using var problem = JsonDocument.Parse(body);
        return problem.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object && errors.EnumerateObject().Any();
    }

    private T Pick<T>(params T[] options) => options[_random.Next(options.Length)];

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "..." : text;
}
