using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;

namespace ConnectingPeople.Directory.Api.Tests.Features.OpenReferral;

/// <summary>
/// The sample directory's ORUK feed, imported into an empty directory through the import endpoint, gives the same
/// feed back: every service with the same id and everything ORUK carries about it.
/// </summary>
public sealed class OrukRoundTripTests(SampleDataApp source) : IClassFixture<SampleDataApp>
{
    // Ids of rows made afresh by the import (venues, schedules, links, organisations); service ids must survive.
    private static readonly HashSet<string> FreshIds =
        ["id", "service_id", "location_id", "service_at_location_id", "link_id", "organization_id", "contact_id", "last_modified"];

    [Fact]
    public async Task Services_exported_as_ORUK_import_into_an_empty_directory_with_nothing_lost()
    {
        var original = await AllServicesAsync(source.CreateClient());

        await using var empty = new DirectoryApp();
        await ((IAsyncLifetime)empty).InitializeAsync();
        try
        {
            var admin = empty.ClientWithKey(await empty.CreateKeyAsync(Roles.Admin));
            var file = new JsonArray([.. original.Select(s => s.DeepClone())]).ToJsonString();
            using var import = await admin.PostAsync("/api/v1/imports?format=openreferral", new StringContent(file, Encoding.UTF8, "application/json"));
            var report = await import.Content.ReadAsStringAsync();
            Assert.True(import.IsSuccessStatusCode, report[..Math.Min(3000, report.Length)]);

            var copy = (await AllServicesAsync(empty.CreateClient())).ToDictionary(s => s["id"]!.GetValue<string>());
            Assert.Equal(original.Count, copy.Count);
            foreach (var service in original)
            {
                var id = service["id"]!.GetValue<string>();
                Assert.True(copy.ContainsKey(id), $"service {id} did not keep its id");
                Assert.Equal(Normalise(service, top: true), Normalise(copy[id], top: true));
            }
        }
        finally
        {
            await ((IAsyncLifetime)empty).DisposeAsync();
        }
    }

    private static async Task<List<JsonNode>> AllServicesAsync(HttpClient client)
    {
        var services = new List<JsonNode>();
        for (var page = 1; ; page++)
        {
            var body = JsonNode.Parse(await client.GetStringAsync($"/openreferral/services?per_page=100&page={page}"))!;
            services.AddRange(body["contents"]!.AsArray().Select(s => s!.DeepClone()));
            if (body["last_page"]!.GetValue<bool>()) return services;
        }
    }

    /// <summary>The JSON without ids made afresh, with every array sorted, so two feeds compare by content.</summary>
    private static string Normalise(JsonNode? node, bool top = false) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.Where(p => top && p.Key == "id" || !FreshIds.Contains(p.Key))
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":{Normalise(p.Value)}")) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(x => Normalise(x)).Order(StringComparer.Ordinal)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };
}
