using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.OpenReferral;

/// <summary>
/// The feed stays valid whatever curators type: values the API refuses today but that older data may hold are put
/// straight into the database, edge values the API accepts go through it, and every ORUK response must then pass the
/// schemas with the official validator's strict format checks.
/// </summary>
public sealed class OrukHostileListingTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private static readonly string[] HostileWebsites =
        ["https://evil.example/\"><script>alert(3)</script>", "javascript:alert(1)", "ftp://files.example/x", "http://", "https://exa mple.org", "//no-scheme.example"];

    private static readonly string[] HostileEmails = ["jane\uFF20example.com", "a@b", "not an email", "<x@example.org>", "x@example.org\"", "jane@exa_mple.com"];

    [Theory]
    [InlineData("website", "https://evil.example/\"><script>alert(3)</script>")]
    [InlineData("website", "javascript:alert(1)")]
    [InlineData("website", "https://exa mple.org")]
    public async Task The_API_refuses_a_website_the_feed_could_not_publish(string field, string value)
    {
        var organisation = await AnOrganisationAsync(app, "Website refusers " + Guid.NewGuid());
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        var walk = AWalk(organisation.Id);
        walk[field] = value;
        using var response = await curator.PostAsync("/api/v1/assets", Json(walk));
        await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Every_ORUK_response_is_schema_valid_with_hostile_listings_in_the_directory()
    {
        var hostile = new Organisation
        {
            Id = Guid.CreateVersion7(), Name = "Hostile \u0007org \u202Egnp.exe", Website = HostileWebsites[0], Email = HostileEmails[0], Phone = "call me maybe",
        };
        await app.WithDbAsync(async db => { db.Organisations.Add(hostile); await db.SaveChangesAsync(); });
        for (var i = 0; i < HostileWebsites.Length; i++)
        {
            var email = HostileEmails[i];
            await AnAsset($"Hostile listing {i} \"><b>").OwnedBy(hostile).At(Places.YorkMinster)
                .With(a =>
                {
                    a.Website = HostileWebsites[i];
                    a.DeliveryModes = [DeliveryModes.InPerson, DeliveryModes.Online];
                    a.Contacts.Add(new AssetContact { Name = "Contact", Email = email, Phone = i % 2 == 0 ? "12" : "+44 (0)114 496 0000 ext" });
                })
                .SaveAsync(app);
        }

        // Edge values the API accepts: they must be published, and valid.
        var organisation = await AnOrganisationAsync(app, "Edge values org");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        var walk = AWalk(organisation.Id, "Edge walk");
        walk["website"] = "https://example.org/a%20b?c=d&e=%22f%22#g";
        walk["delivery_modes"] = new JsonArray("in_person", "online");
        walk["contacts"] = new JsonArray(new JsonObject { ["name"] = "O'Brien", ["email"] = "o'brien+groups@example.co.uk", ["phone"] = "+44 (0)114 496 0000" });
        var (created, _) = await CreateAsync(curator, walk);
        var edgeId = created.GetProperty("id").GetString();

        var client = app.CreateClient();
        var services = await ValidAsync(client, $"/services?per_page=100&organization_id={hostile.Id}", "service_list.json");
        Assert.Equal(HostileWebsites.Length, services.GetProperty("contents").GetArrayLength());
        foreach (var service in services.GetProperty("contents").EnumerateArray())
        {
            Assert.False(service.TryGetProperty("url", out var url), $"an invalid website was published: {url}");
            var id = service.GetProperty("id").GetString();
            await ValidAsync(client, $"/services/{id}", "service.json");
        }
        var edge = await ValidAsync(client, $"/services/{edgeId}", "service.json");
        Assert.Equal("https://example.org/a%20b?c=d&e=%22f%22#g", edge.GetProperty("url").GetString());

        var atLocations = await ValidAsync(client, "/service_at_locations?per_page=100", "service_at_location_list.json");
        foreach (var link in atLocations.GetProperty("contents").EnumerateArray())
            await ValidAsync(client, $"/service_at_locations/{link.GetProperty("id").GetString()}", "service_at_location.json");
        await ValidAsync(client, "/organizations?per_page=100", "organization_list.json");
        await ValidAsync(client, $"/organizations/{hostile.Id}", "organization.json");
        await ValidAsync(client, "/", "api_details.json");
    }

    private static async Task<JsonElement> ValidAsync(HttpClient client, string path, string schema)
    {
        using var response = await client.GetAsync("/openreferral" + path);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /openreferral{path} answered {(int)response.StatusCode}: {json}");
        await OrukSchemas.AssertValidAsync(json, schema, path);
        return JsonDocument.Parse(json).RootElement.Clone();
    }
}
