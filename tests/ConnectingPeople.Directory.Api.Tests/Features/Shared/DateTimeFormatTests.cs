using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Data.Seed;
using ConnectingPeople.Directory.Api.Features.Shared;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Shared;

/// <summary>Every date-time the API writes, wherever it writes it, has one shape (<see cref="DateTimeText.Pattern"/>).</summary>
public sealed partial class DateTimeFormatTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    /// <summary>Anything that starts like a date with a time after it is meant to be a date-time.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d")]
    private static partial Regex LooksLikeADateTime();

    private static readonly Regex OneFormat = new(DateTimeText.Pattern);

    [Fact]
    public async Task Every_date_time_in_JSON_GeoJSON_CSV_ORUK_and_the_feeds_has_one_format()
    {
        var organisation = await AnOrganisationAsync(app, "Date-time org");
        var admin = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        var prescriber = app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber, team: "Date-time team"));
        var (asset, _) = await CreateAsync(admin, AWalk(organisation.Id, "Chronometry walk"));
        var id = asset.GetProperty("id").GetGuid();
        (await admin.PostAsJsonAsync($"/api/v1/assets/{id}/verify", new { method = "phone" })).EnsureSuccessStatusCode();
        (await app.CreateClient().PostAsJsonAsync("/api/v1/feedback", new { asset_id = id, kind = "wrong_time" })).EnsureSuccessStatusCode();
        (await prescriber.PostAsJsonAsync("/api/v1/signposts", new { asset_id = id, support = "introduced" })).EnsureSuccessStatusCode();
        var shortlist = await (await prescriber.PostAsJsonAsync("/api/v1/shortlists", new { items = new[] { new { asset_id = id } } })).Content.ReadFromJsonAsync<JsonElement>();
        const string search = "/api/v1/search?postcode=S1%202JA&radius_km=1&q=chronometry";

        string[] json =
        [
            $"/api/v1/assets/{id}", "/api/v1/assets?per_page=5", $"/api/v1/assets/{id}/history", "/api/v1/changes?limit=1000",
            search, search + "&format=geojson", $"/api/v1/organisations/{organisation.Id}", "/api/v1/curation/feedback",
            "/api/v1/keys", "/api/v1/curation/stale", $"/openreferral/services/{id}", "/api/v1/feeds/listings",
            "/api/v1/exports?format=geojson",
        ];
        var found = new List<(string Where, string Value)>();
        foreach (var url in json)
        {
            using var response = await admin.GetAsync(url);
            response.EnsureSuccessStatusCode();
            Collect(JsonNode.Parse(await response.Content.ReadAsStringAsync()), url, found);
        }
        Collect(await (await prescriber.GetAsync("/api/v1/signposts")).Content.ReadFromJsonAsync<JsonNode>(), "signposts", found);
        Collect(await app.CreateClient().GetFromJsonAsync<JsonNode>($"/api/v1/shortlists/{shortlist.GetProperty("token").GetString()}"), "shortlist", found);
        Collect(shortlist.Deserialize<JsonNode>(), "created shortlist", found);
        foreach (var url in new[] { search + "&format=csv", "/api/v1/exports?format=csv" })
        {
            using var reader = new StringReader(await admin.GetStringAsync(url));
            found.AddRange(Csv.ReadRows(reader).SelectMany(r => r).Where(c => LooksLikeADateTime().IsMatch(c)).Select(c => (url, c)));
        }

        // Enough of each kind to mean something: recorded instants and local session times, from every surface.
        Assert.True(found.Count > 25, $"only {found.Count} date-times found: " + string.Join(", ", found.GroupBy(f => f.Where).Select(g => $"{g.Key} {g.Count()}")));
        Assert.Contains(found, f => f.Value.EndsWith('Z'));
        Assert.Contains(found, f => f.Value.EndsWith("+00:00") || f.Value.EndsWith("+01:00"));
        Assert.All(new[] { "csv", "openreferral", "feeds", "geojson", "shortlist", "changes" },
            where => Assert.Contains(found, f => f.Where.Contains(where, StringComparison.Ordinal)));
        var wrong = found.Where(f => !OneFormat.IsMatch(f.Value)).ToList();
        Assert.True(wrong.Count == 0, "date-times in another format:\n" + string.Join("\n", wrong.Take(20).Select(w => $"{w.Where}: {w.Value}")));
    }

    /// <summary>Gathers date-time strings; one under a name for a recorded instant (created_at, at, last_modified...) must be UTC.</summary>
    private static void Collect(JsonNode? node, string where, List<(string, string)> found, string name = "")
    {
        switch (node)
        {
            case JsonObject o: foreach (var (key, v) in o) Collect(v, where, found, key); break;
            case JsonArray a: foreach (var v in a) Collect(v, where, found, name); break;
            case JsonValue v when v.TryGetValue<string>(out var text) && LooksLikeADateTime().IsMatch(text):
                found.Add((where, text));
                if (name.EndsWith("_at", StringComparison.Ordinal) || name is "at" or "last_modified")
                    Assert.True(text.EndsWith('Z'), $"{where}: {name} is {text}, not UTC");
                break;
        }
    }
}
