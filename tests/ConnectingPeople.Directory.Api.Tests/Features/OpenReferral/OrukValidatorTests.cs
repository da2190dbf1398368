using System.Text.Json;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;

namespace ConnectingPeople.Directory.Api.Tests.Features.OpenReferral;

/// <summary>
/// The official ORUK validator's Level 1 and Level 2 test plan (Schemas/test-profile-HSDS-UK-3.0.json), run as it
/// runs it against the sample data: each endpoint's response against its schema, ids saved from paged lists and
/// used to fetch details, and a first/middle/last page walk of every paged list.
/// </summary>
public sealed class OrukValidatorTests(SampleDataApp app) : IClassFixture<SampleDataApp>
{
    private static readonly JsonElement Plan =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(OrukSchemas.Folder, "test-profile-HSDS-UK-3.0.json"))).RootElement;

    public static TheoryData<string> Levels() => [.. Plan.GetProperty("testGroups").EnumerateArray().Select(g => g.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(Levels))]
    public async Task Every_test_in_the_validators_plan_passes(string level)
    {
        var group = Plan.GetProperty("testGroups").EnumerateArray().Single(g => g.GetProperty("name").GetString() == level);
        var client = app.CreateClient();
        var savedIds = new Dictionary<string, List<string>>();

        foreach (var test in group.GetProperty("tests").EnumerateArray())
        {
            var endpoint = test.GetProperty("endpoint").GetString()!;
            var schema = test.GetProperty("schema").GetString()!;
            if (test.TryGetProperty("useIdFrom", out var from))
            {
                // The validator picks saved ids at random; we check a spread of them.
                var ids = savedIds[from.GetString()!];
                Assert.NotEmpty(ids);
                foreach (var id in ids.Where((_, i) => i % Math.Max(1, ids.Count / 8) == 0))
                    await OrukSchemas.AssertValidAsync(await GetAsync(client, endpoint + id), schema, endpoint + id);
                continue;
            }

            var json = await GetAsync(client, endpoint);
            await OrukSchemas.AssertValidAsync(json, schema, endpoint);
            if (test.TryGetProperty("pagination", out var paged) && paged.GetBoolean())
                savedIds[endpoint + "-id"] = await WalkPagesAsync(client, endpoint, schema);
        }
    }

    /// <summary>First, middle and last pages: each valid, flags right, and total_items equal to what the pages hold.</summary>
    private static async Task<List<string>> WalkPagesAsync(HttpClient client, string endpoint, string schema)
    {
        var first = JsonDocument.Parse(await GetAsync(client, $"{endpoint}?per_page=10")).RootElement;
        var totalItems = first.GetProperty("total_items").GetInt32();
        var totalPages = first.GetProperty("total_pages").GetInt32();
        Assert.True(totalItems > 0, $"{endpoint} is empty");
        Assert.Equal((int)Math.Ceiling(totalItems / 10.0), totalPages);

        var ids = new List<string>();
        var counted = 0;
        for (var page = 1; page <= totalPages; page++)
        {
            var json = await GetAsync(client, $"{endpoint}?per_page=10&page={page}");
            var body = JsonDocument.Parse(json).RootElement;
            if (page == 1 || page == totalPages || page == (totalPages + 1) / 2) await OrukSchemas.AssertValidAsync(json, schema, $"{endpoint} page {page}");
            Assert.Equal(page == 1, body.GetProperty("first_page").GetBoolean());
            Assert.Equal(page == totalPages, body.GetProperty("last_page").GetBoolean());
            Assert.Equal(totalItems, body.GetProperty("total_items").GetInt32());
            var contents = body.GetProperty("contents").EnumerateArray().ToList();
            counted += contents.Count;
            ids.AddRange(contents.Select(c => c.GetProperty("id").GetString()!));
        }
        Assert.Equal(totalItems, counted);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        return ids;
    }

    private static async Task<string> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync("/openreferral" + path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /openreferral{path} answered {(int)response.StatusCode}: {body}");
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        return body;
    }

    [Fact]
    public async Task Organizations_and_their_details_match_the_organization_schema()
    {
        var client = app.CreateClient();
        var list = JsonDocument.Parse(await GetAsync(client, "/organizations?per_page=100")).RootElement;

        Assert.NotEmpty(list.GetProperty("contents").EnumerateArray());
        foreach (var organization in list.GetProperty("contents").EnumerateArray())
        {
            await OrukSchemas.AssertValidAsync(organization.GetRawText(), "organization.json", "organization in list");
            var id = organization.GetProperty("id").GetString();
            var detail = await GetAsync(client, $"/organizations/{id}");
            await OrukSchemas.AssertValidAsync(detail, "organization.json", $"/organizations/{id}");
        }
    }

    [Fact]
    public async Task No_value_anywhere_in_the_feed_is_null()
    {
        var client = app.CreateClient();
        foreach (var path in new[] { "/services?per_page=100", "/service_at_locations?per_page=100", "/taxonomy_terms?per_page=100", "/organizations" })
        {
            var json = await GetAsync(client, path);
            Assert.DoesNotContain(":null", json.Replace(" ", ""), StringComparison.Ordinal);
        }
    }
}
