namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>
/// The route template a request matched, as logs and traces name it instead of its path (which can carry a postcode):
/// "/api/v1/postcodes/{postcode}". An endpoint mapped at its group's own prefix reads "/api/v1/search", as the OpenAPI
/// document names it, not with the trailing slash routing joins on.
/// </summary>
public static class RouteTemplate
{
    public static string Of(HttpContext context) => (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } raw
        ? raw.Length > 1 ? raw.TrimEnd('/') : raw
        : "(no route)";
}
