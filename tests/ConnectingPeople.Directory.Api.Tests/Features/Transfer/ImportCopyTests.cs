using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Transfer;

/// <summary>
/// An import writes its chunk's new rows with COPY, the endpoints with SaveChanges. Random listings, imported and created
/// through POST /api/v1/assets, must then read back the same everywhere: the listing, its history, the changes feed and
/// the Open Referral service, ids, times and the organisation aside.
/// </summary>
public sealed class ImportCopyTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private sealed record Listing(string Name, string? Summary, string Interest, string Cost, int Hall, string Postcode, string Day, int Start, string? Email, string Language);

    private static readonly Gen<Listing> AListing = Gen.Select(
            Gen.Select(Gen.Int[0, 999], Gen.OneOfConst<string?>(null, "A friendly group"), Gen.OneOfConst("walking", "gardening", "singing"), Gen.OneOfConst("free", "fee 3.50 per session"), Gen.Int[0, 2]),
            Gen.Select(Gen.OneOfConst("S1 2JA", "S10 5BR", "L20 7AE"), Gen.OneOfConst("mon", "tue", "sat"), Gen.Int[8, 18], Gen.OneOfConst<string?>(null, "hello@example.org"), Gen.OneOfConst("en", "cy")))
        .Select((a, b) => new Listing($"Group {a.Item1}", a.Item2, a.Item3, a.Item4, a.Item5, b.Item1, b.Item2, b.Item3, b.Item4, b.Item5));

    [Fact]
    public async Task Imported_listings_read_back_as_the_same_listings_created_through_the_api()
    {
        var admin = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        await AListing.Array[1, 6].SampleAsync(async listings =>
        {
            var tag = Guid.NewGuid().ToString("N")[..8];
            var imported = await AnOrganisationAsync(app, $"Imported {tag}");
            var posted = await AnOrganisationAsync(app, $"Posted {tag}");
            var since = await HeadAsync();

            var csv = new StringBuilder("external_id,organisation,name,summary,interests,costs,venue_name,postcode,schedules,contact_email,languages\r\n");
            foreach (var (l, i) in listings.Select((l, i) => (l, i)))
                csv.Append($"x-{i},{imported.Name},{l.Name},{l.Summary},{l.Interest},{l.Cost},Hall {l.Hall} {tag}-{i},{l.Postcode},FREQ=WEEKLY;BYDAY={l.Day[..2].ToUpperInvariant()} {l.Start}:00-{l.Start + 1}:00,{l.Email},{l.Language}\r\n");
            using var import = await admin.PostAsync("/api/v1/imports", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
            Assert.True(import.StatusCode == HttpStatusCode.OK, await import.Content.ReadAsStringAsync());
            var importedIds = await app.WithDbAsync(db => db.Assets.Where(a => a.OrganisationId == imported.Id).ToDictionaryAsync(a => a.ExternalId!, a => a.Id));

            for (var i = 0; i < listings.Length; i++)
            {
                var l = listings[i];
                var body = new JsonObject
                {
                    ["organisation_id"] = posted.Id.ToString(), ["external_id"] = $"x-{i}", ["name"] = l.Name, ["summary"] = l.Summary,
                    ["interests"] = new JsonArray(l.Interest), ["languages"] = new JsonArray(l.Language),
                    ["costs"] = new JsonArray(l.Cost == "free" ? new JsonObject { ["kind"] = "free" } : new JsonObject { ["kind"] = "fee", ["amount"] = 3.5, ["per"] = "session" }),
                    ["contacts"] = l.Email is null ? new JsonArray() : new JsonArray(new JsonObject { ["email"] = l.Email }),
                    ["venues"] = new JsonArray(new JsonObject { ["name"] = $"Hall {l.Hall} {tag}-{i}", ["postcode"] = l.Postcode }),
                    ["schedules"] = new JsonArray(new JsonObject { ["venue"] = 0, ["frequency"] = "weekly", ["day"] = l.Day, ["start"] = $"{l.Start:D2}:00", ["end"] = $"{l.Start + 1:D2}:00" }),
                };
                var (created, _) = await CreateAsync(admin, body);
                var postedId = created.GetProperty("id").GetGuid();
                var importedId = importedIds[$"x-{i}"];

                foreach (var url in new[] { "/api/v1/assets/{0}", "/api/v1/assets/{0}/history", "/openreferral/services/{0}" })
                    Assert.Equal(await ReadAsync(admin, string.Format(url, postedId), posted), await ReadAsync(admin, string.Format(url, importedId), imported));
                Assert.Equal(await FeedAsync(since, postedId), await FeedAsync(since, importedId));
            }
        }, iter: 8, threads: 1);
    }

    // The feed's last cursor, so a sample reads only what came after.
    private async Task<long> HeadAsync() => await app.WithDbAsync(db => db.AuditEntries.MaxAsync(e => (long?)e.Id)) ?? 0;

    /// <summary>What the feed says of a listing and of each venue it meets at, after the cursor: types and actions.</summary>
    private async Task<string> FeedAsync(long since, Guid id)
    {
        var venues = await app.WithDbAsync(db => db.AssetLocations.Where(l => l.AssetId == id).Select(l => l.LocationId).ToHashSetAsync());
        var entries = new List<string>();
        for (var cursor = since; ;)
        {
            var page = await app.GetJsonAsync<JsonElement>($"/api/v1/changes?since={cursor}&limit=1000");
            foreach (var c in page.GetProperty("changes").EnumerateArray())
            {
                var entity = c.GetProperty("entity_id").GetGuid();
                if (entity == id || venues.Contains(entity)) entries.Add($"{c.GetProperty("entity_type")} {c.GetProperty("action")}");
            }
            cursor = page.GetProperty("next_cursor").GetInt64();
            if (!page.GetProperty("has_more").GetBoolean()) break;
        }
        return string.Join(", ", entries);
    }

    /// <summary>A response's body without what must differ between the two listings: ids, times, versions, the organisation.</summary>
    private static async Task<string> ReadAsync(HttpClient client, string url, Organisation organisation)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return $"{(int)response.StatusCode} {Without(JsonNode.Parse(text.Replace(organisation.Id.ToString(), "ORG").Replace(organisation.Name, "ORG NAME")))?.ToJsonString()}";
    }

    private static readonly HashSet<string> Varying = ["id", "at", "created_at", "updated_at", "version", "etag", "last_modified", "location_id", "service_id", "service_at_location_id", "link_id", "schedule_id"];

    private static JsonNode? Without(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (Varying.Contains(key) || key.EndsWith("_id", StringComparison.Ordinal) && key != "external_id") o.Remove(key);
                    else Without(o[key]);
                }
                break;
            case JsonArray a:
                foreach (var item in a) Without(item);
                break;
        }
        return node;
    }
}
