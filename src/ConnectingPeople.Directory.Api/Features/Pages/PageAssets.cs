using System.Reflection;

namespace ConnectingPeople.Directory.Api.Features.Pages;

/// <summary>
/// The pages' styles, script and icons, embedded in the service (Features/Pages/wwwroot) so a deployment serves them
/// itself: nothing is fetched from the internet. File names carry the NHS.UK frontend version, so they can be cached long.
/// </summary>
public static class PageAssets
{
    public const string Path = "/find/assets";
    public const string FrontendVersion = "10.6.1";
    public const string Stylesheet = $"{Path}/nhsuk-frontend-{FrontendVersion}.min.css";

    private static readonly Dictionary<string, (byte[] Bytes, string ContentType)> Files = Load();

    public static void Map(RouteGroupBuilder pages) =>
        pages.MapGet("/assets/{**file}", (string file, HttpContext http) =>
        {
            if (!Files.TryGetValue(file.Replace('\\', '/'), out var asset)) return Results.NotFound();
            http.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Bytes(asset.Bytes, asset.ContentType);
        });

    private static Dictionary<string, (byte[], string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("pages/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name["pages/".Length..].Replace('\\', '/');
            files[file] = (copy.ToArray(), System.IO.Path.GetExtension(file) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "text/plain; charset=utf-8",
            });
        }
        return files;
    }
}
