using ConnectingPeople.Directory.Api.Features.Shared;

namespace ConnectingPeople.Directory.Api.Features.ServiceIndex;

/// <summary>Where a developer who types the bare address starts: the documents, the feeds and the health checks.</summary>
/// <param name="Name">The service's name.</param>
/// <param name="Description">What the service is.</param>
/// <param name="Attribution">The data's sources and licences.</param>
/// <param name="Links">Relative URLs by name: openapi, docs, open_referral, changes, rpde_listings, health.</param>
public sealed record ServiceIndex(string Name, string Description, IReadOnlyDictionary<string, string> Links, string Attribution);

public static class ServiceIndexEndpoints
{
    public static WebApplication MapServiceIndex(this WebApplication app)
    {
        app.MapGet("/", () => TypedResults.Ok(new ServiceIndex(
                "ConnectingPeople.Directory API",
                "Community assets with their geography. Start with the OpenAPI document; see the README for syncing a copy from zero.",
                new Dictionary<string, string>
                {
                    ["openapi"] = "/swagger/v1/swagger.json",
                    ["docs"] = "/swagger",
                    ["open_referral"] = "/openreferral",
                    ["changes"] = "/api/v1/changes",
                    ["rpde_listings"] = "/api/v1/feeds/listings",
                    ["health"] = "/health/ready",
                },
                Attribution.Text)))
            .WithTags("Service").WithName("GetServiceIndex").WithSummary("Links to the API's documents, feeds and health checks");
        return app;
    }
}
