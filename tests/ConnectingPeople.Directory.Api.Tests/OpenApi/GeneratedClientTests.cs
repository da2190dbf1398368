using System.Reflection;
using System.Runtime.Loader;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.OpenApi;

/// <summary>
/// What a third-party .NET developer does first: generate a client with NSwag from openapi/openapi.json, compile it,
/// and call the API through it. Wrong media types, schemas or nullability show up here as compile errors or as
/// exceptions in the generated deserialisation.
/// </summary>
public sealed class GeneratedClientTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    // Written against the generated client's API exactly as a developer would write it.
    private const string Probe = """
        namespace Generated;

        public static class Probe
        {
            public static async System.Threading.Tasks.Task<string[]> RunAsync(System.Net.Http.HttpClient http, System.Guid id, double latitude, double longitude)
            {
                var client = new DirectoryClient(http);
                var search = await client.SearchAsync(latitude: latitude, longitude: longitude, radius_km: 0.5);
                var listing = await client.GetAssetAsync(id);
                using var export = await client.ExportAssetsAsync(format: "csv");
                using var reader = new System.IO.StreamReader(export.Stream);
                var csv = await reader.ReadToEndAsync();
                var oruk = await client.OrukListServicesAsync(search: listing.Name);
                return
                [
                    string.Join(",", System.Linq.Enumerable.Select(search.Contents, r => r.Id)),
                    listing.Name,
                    csv.Contains(id.ToString()) || csv.Contains(listing.Name) ? "export has the listing" : csv[..System.Math.Min(200, csv.Length)],
                    string.Join(",", System.Linq.Enumerable.Select(oruk.Contents, s => s.Name)),
                ];
            }
        }
        """;

    [Fact]
    public async Task A_client_generated_by_NSwag_from_the_committed_document_reads_search_a_listing_an_export_and_the_ORUK_feed()
    {
        var spot = Places.NewSpot();
        var asset = await AnAsset("Generated client walk " + Guid.NewGuid().ToString("N")[..6]).At(spot).About("walking").SaveAsync(app);

        var run = Compile(GenerateClient(), Probe).GetType("Generated.Probe")!.GetMethod("RunAsync")!;
        var http = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        var results = await (Task<string[]>)run.Invoke(null, [http, asset.Id, spot.Latitude, spot.Longitude])!;

        Assert.Equal(asset.Id.ToString(), results[0]);
        Assert.Equal(asset.Name, results[1]);
        Assert.Equal("export has the listing", results[2]);
        Assert.Equal(asset.Name, results[3]);
    }

    private static string GenerateClient()
    {
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "DirectoryClient",
            UseBaseUrl = false,
            GenerateOptionalParameters = true,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
        };
        settings.CSharpGeneratorSettings.Namespace = "Generated";
        settings.CSharpGeneratorSettings.JsonLibrary = CSharpJsonLibrary.SystemTextJson;
        return new CSharpClientGenerator(Contract.Document, settings).GenerateFile();
    }

    private static Assembly Compile(params string[] sources)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("GeneratedDirectoryClient", sources.Select(code => CSharpSyntaxTree.ParseText(code)), references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10).Select(d => d.ToString()).ToList();
        if (errors.Count > 0)
        {
            System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "directory-generated-client"));
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "directory-generated-client", "Client.cs"), sources[0]);
        }
        Assert.True(errors.Count == 0, "The generated client does not compile:\n" + string.Join("\n", errors));
        image.Position = 0;
        return new AssemblyLoadContext("generated-client", isCollectible: true).LoadFromStream(image);
    }
}
