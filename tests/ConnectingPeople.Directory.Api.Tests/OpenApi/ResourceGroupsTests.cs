using ConnectingPeople.Directory.Api.Features.Shared;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectingPeople.Directory.Api.Tests.OpenApi;

/// <summary>One rule for where a resource's endpoints live: one MapGroup per URL prefix (see <see cref="ResourceGroups"/>).</summary>
public sealed class ResourceGroupsTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    /// <summary>/api/v1/assets/{id}/history belongs to /api/v1/assets; /openreferral/services to /openreferral; pages and health to none.</summary>
    private static string? PrefixOf(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["api", "v1", var resource, ..]) return $"/api/v1/{resource}";
        return segments is ["openreferral", ..] ? "/openreferral" : null;
    }

    [Fact]
    public void Every_api_endpoint_lives_in_the_one_group_of_its_url_prefix()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var groups = new Dictionary<string, ResourceGroups.Resource>();
        var counts = new Dictionary<string, int>();
        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (PrefixOf(path) is not { } prefix) continue;
            counts[prefix] = counts.GetValueOrDefault(prefix) + 1;
            var resource = endpoint.Metadata.GetMetadata<ResourceGroups.Resource>();
            if (resource is null) failures.Add($"{path} ({endpoint.DisplayName}) is mapped outside MapResource(\"{prefix}\")");
            else if (resource.Prefix != prefix) failures.Add($"{path} is mapped in the group of {resource.Prefix}, not {prefix}");
            else if (groups.TryGetValue(prefix, out var seen) && !ReferenceEquals(seen, resource)) failures.Add($"{path} is in a second group for {prefix}");
            else groups[prefix] = resource;
        }

        Assert.Empty(failures);
        // Listings are read by one feature and written by another, in one group: its reads and writes together.
        Assert.True(counts.GetValueOrDefault("/api/v1/assets") >= 9, $"/api/v1/assets has {counts.GetValueOrDefault("/api/v1/assets")} endpoints");
        Assert.Contains("/api/v1/organisations", groups.Keys);
        Assert.Contains("/openreferral", groups.Keys);
    }
}
