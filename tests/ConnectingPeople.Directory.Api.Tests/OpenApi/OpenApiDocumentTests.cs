using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;

namespace ConnectingPeople.Directory.Api.Tests.OpenApi;

public sealed class OpenApiDocumentTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private const string RefreshCommand = "scripts/update-openapi.sh";
    private static readonly string CommittedPath = Path.Combine(Path.GetDirectoryName(TestDatabases.SeedDataDirectory)!, "openapi", "openapi.json");

    [Fact]
    public async Task The_committed_openapi_document_matches_what_the_service_serves()
    {
        var served = Normalise(await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, served);
        }

        Assert.True(File.Exists(CommittedPath), $"{CommittedPath} is missing: run {RefreshCommand}");
        var text = await File.ReadAllTextAsync(CommittedPath);
        var committed = string.IsNullOrWhiteSpace(text) ? "" : Normalise(text);
        Assert.True(committed == served, $"openapi/openapi.json differs from the served document: run {RefreshCommand} and commit the result.");
    }

    [Fact]
    public async Task Every_operation_has_an_operation_id_and_a_summary()
    {
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Path: path.Key, Method: op.Key, Operation: op.Value!))).ToList();

        Assert.NotEmpty(operations);
        Assert.All(operations, o =>
        {
            Assert.False(string.IsNullOrWhiteSpace(o.Operation["operationId"]?.GetValue<string>()), $"{o.Method} {o.Path} has no operationId");
            Assert.False(string.IsNullOrWhiteSpace(o.Operation["summary"]?.GetValue<string>()), $"{o.Method} {o.Path} has no summary");
        });
        var ids = operations.Select(o => o.Operation["operationId"]!.GetValue<string>()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Swagger_UI_can_send_a_key_to_every_operation_that_needs_one_and_If_Match_to_every_conditional_write()
    {
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Name: $"{op.Key} {path.Key}", Operation: op.Value!))).ToList();

        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        var needingKeys = operations.Where(o => o.Operation["responses"]!.AsObject().ContainsKey("401")).ToList();
        Assert.NotEmpty(needingKeys);
        Assert.All(needingKeys, o => Assert.True(o.Operation["security"] is JsonArray { Count: > 0 }, $"{o.Name} does not declare the bearer key"));
        var conditional = operations.Where(o => o.Operation["responses"]!.AsObject().ContainsKey("428")).ToList();
        Assert.NotEmpty(conditional);
        Assert.All(conditional, o => Assert.Contains(o.Operation["parameters"]!.AsArray(),
            p => p!["name"]!.GetValue<string>() == "If-Match" && p["in"]!.GetValue<string>() == "header"));
    }

    private static string Normalise(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
}
