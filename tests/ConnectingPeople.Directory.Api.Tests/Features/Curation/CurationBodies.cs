using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;

namespace ConnectingPeople.Directory.Api.Tests.Features.Curation;

public static class CurationBodies
{
    public static async Task<Organisation> AnOrganisationAsync(DirectoryApp app, string name = "Curated org")
    {
        var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = name };
        await app.WithDbAsync(async db => { db.Organisations.Add(organisation); await db.SaveChangesAsync(); });
        return organisation;
    }

    /// <summary>A valid listing body: a Tuesday walk at a new venue placed by its postcode.</summary>
    public static JsonObject AWalk(Guid organisationId, string name = "Tuesday walk", string postcode = "S1 2JA") => new()
    {
        ["organisation_id"] = organisationId.ToString(),
        ["name"] = name,
        ["summary"] = "A gentle walk",
        ["kind"] = "group",
        ["interests"] = new JsonArray("health_walks"),
        ["accessibility"] = new JsonArray("wheelchair"),
        ["costs"] = new JsonArray(new JsonObject { ["kind"] = "free" }),
        ["contacts"] = new JsonArray(new JsonObject { ["name"] = "Pat", ["email"] = "pat@example.org", ["phone"] = "0114 496 0123" }),
        ["venues"] = new JsonArray(new JsonObject { ["name"] = "The hall", ["address_1"] = "1 High Street", ["postcode"] = postcode }),
        ["schedules"] = new JsonArray(new JsonObject { ["venue"] = 0, ["frequency"] = "weekly", ["day"] = "tue", ["start"] = "10:00", ["end"] = "11:00" }),
    };

    public static HttpContent Json(JsonNode body) => JsonContent.Create(body);

    public static HttpContent MergePatch(JsonNode body)
    {
        var content = new StringContent(body.ToJsonString());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/merge-patch+json");
        return content;
    }

    public static async Task<(JsonElement Body, string ETag)> CreateAsync(HttpClient client, JsonNode body)
    {
        using var response = await client.PostAsync("/api/v1/assets", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"create answered {(int)response.StatusCode}: {text}");
        return (JsonDocument.Parse(text).RootElement.Clone(), response.Headers.ETag!.Tag);
    }

    public static HttpRequestMessage WithIfMatch(HttpMethod method, string url, HttpContent? content, string? etag)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }
}
