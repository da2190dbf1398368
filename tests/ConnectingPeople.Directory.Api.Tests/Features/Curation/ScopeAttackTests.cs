using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Curation;

/// <summary>A curator trying to reach past its key, by every route the issue found: each attempt is refused and changes nothing.</summary>
public sealed class ScopeAttackTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private const string Sheffield = "S1 2JA";
    private const string Liverpool = "L17 1AP";

    private sealed record Party(Organisation Organisation, HttpClient Curator);

    private async Task<Party> PartyAsync(string name)
    {
        var organisation = await AnOrganisationAsync(app, name);
        return new Party(organisation, app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id])));
    }

    private static JsonObject WalkAt(Guid organisation, string name, params string[] postcodes)
    {
        var body = AWalk(organisation, name, postcodes[0]);
        body["venues"] = new JsonArray([.. postcodes.Select((p, i) => (JsonNode)new JsonObject { ["name"] = $"{name} venue {i}", ["postcode"] = p })]);
        return body;
    }

    private static async Task<string> AreaOfAsync(DirectoryApp app, string postcode) =>
        await app.WithDbAsync(db => db.Postcodes.Where(p => p.Code == postcode.Replace(" ", "")).Select(p => p.LocalAuthorityCode!).SingleAsync());

    private async Task<Asset> StoredAsync(Guid id) =>
        await app.WithDbAsync(db => db.Assets.IgnoreQueryFilters().AsNoTracking().Include(a => a.Locations).ThenInclude(l => l.Location).SingleAsync(a => a.Id == id));

    private static HttpContent File(string format, string externalId, string organisation, string name) => format switch
    {
        "csv" => new StringContent($"external_id,organisation,name,delivery_modes\r\n{externalId},{organisation},{name},phone\r\n", Encoding.UTF8, "text/csv"),
        "geojson" => new StringContent(new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["features"] = new JsonArray(new JsonObject
            {
                ["type"] = "Feature", ["geometry"] = null,
                ["properties"] = new JsonObject { ["external_id"] = externalId, ["organisation"] = organisation, ["name"] = name, ["delivery_modes"] = "phone" },
            }),
        }.ToJsonString(), Encoding.UTF8, "application/geo+json"),
        _ => new StringContent(new JsonObject { ["id"] = externalId, ["name"] = name, ["status"] = "active", ["organization"] = new JsonObject { ["name"] = organisation } }.ToJsonString(),
            Encoding.UTF8, "application/json"),
    };

    private static async Task<JsonElement> ReportAsync(HttpResponseMessage response)
    {
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return body.TryGetProperty("report", out var report) ? report : body;
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("geojson")]
    [InlineData("openreferral")]
    public async Task An_import_naming_another_organisations_listing_cannot_take_it_over(string format)
    {
        var mine = await PartyAsync($"Importer {format}");
        var theirs = await PartyAsync($"Target {format}");
        var (target, _) = await CreateAsync(theirs.Curator, AWalk(theirs.Organisation.Id, "Their walk"));
        var id = target.GetProperty("id").GetString()!;

        using var asTheirs = await mine.Curator.PostAsync($"/api/v1/imports?format={format}", File(format, id, theirs.Organisation.Name, "Taken over"));
        using var asMine = await mine.Curator.PostAsync($"/api/v1/imports?format={format}", File(format, id, mine.Organisation.Name, "Taken over"));
        var refused = await ReportAsync(asTheirs);
        var stored = await StoredAsync(Guid.Parse(id));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, asTheirs.StatusCode);
        Assert.Contains("outside your scope", refused.GetProperty("rows")[0].GetProperty("errors")[0].GetString());
        // Naming its own organisation, the row is the importer's own new listing: external ids are per organisation.
        Assert.Equal(HttpStatusCode.OK, asMine.StatusCode);
        Assert.Equal("Their walk", stored.Name);
        Assert.Equal(theirs.Organisation.Id, stored.OrganisationId);
        Assert.Equal(1, await app.WithDbAsync(db => db.Assets.CountAsync(a => a.Id == Guid.Parse(id))));
    }

    [Fact]
    public async Task A_dry_run_answers_the_same_for_a_live_a_deleted_and_a_made_up_listing_of_another_organisation()
    {
        var mine = await PartyAsync("Prober");
        var theirs = await PartyAsync("Probed");
        var (live, _) = await CreateAsync(theirs.Curator, AWalk(theirs.Organisation.Id, "Live one"));
        var (gone, goneTag) = await CreateAsync(theirs.Curator, AWalk(theirs.Organisation.Id, "Deleted one"));
        using var deleted = await theirs.Curator.SendAsync(WithIfMatch(HttpMethod.Delete, $"/api/v1/assets/{gone.GetProperty("id")}", null, goneTag));
        string[] ids = [live.GetProperty("id").GetString()!, gone.GetProperty("id").GetString()!, Guid.NewGuid().ToString()];

        async Task<string> AnswerAsync(string organisation, string id)
        {
            using var response = await mine.Curator.PostAsync("/api/v1/imports?dry_run=true", File("csv", id, organisation, "Probe"));
            var row = (await ReportAsync(response)).GetProperty("rows")[0];
            return $"{(int)response.StatusCode} {row.GetProperty("status")} {row.GetProperty("errors")}";
        }
        var asTheirs = new List<string>();
        var asMine = new List<string>();
        foreach (var id in ids)
        {
            asTheirs.Add(await AnswerAsync(theirs.Organisation.Name, id));
            asMine.Add(await AnswerAsync(mine.Organisation.Name, id));
        }

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Single(asTheirs.Distinct());
        Assert.Contains("outside your scope", asTheirs[0]);
        Assert.Single(asMine.Distinct());
        Assert.Contains("created", asMine[0]);
    }

    [Fact]
    public async Task An_import_never_brings_back_a_deleted_listing()
    {
        var mine = await PartyAsync("Undeleter");
        var (created, etag) = await CreateAsync(mine.Curator, AWalk(mine.Organisation.Id, "Gone for good"));
        var id = created.GetProperty("id").GetGuid();
        var export = await mine.Curator.GetStringAsync("/api/v1/exports?format=csv");
        using var deleted = await mine.Curator.SendAsync(WithIfMatch(HttpMethod.Delete, $"/api/v1/assets/{id}", null, etag));

        using var imported = await mine.Curator.PostAsync("/api/v1/imports?on_conflict=overwrite", new StringContent(export, Encoding.UTF8, "text/csv"));
        var report = await ReportAsync(imported);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, imported.StatusCode);
        Assert.Contains("/restore", report.GetProperty("rows")[0].GetProperty("errors")[0].GetString());
        Assert.NotNull((await StoredAsync(id)).DeletedAt);
    }

    [Fact]
    public async Task Another_organisations_venue_can_be_neither_linked_nor_changed()
    {
        var mine = await PartyAsync("Venue borrower");
        var theirs = await PartyAsync("Venue owner");
        var (target, _) = await CreateAsync(theirs.Curator, AWalk(theirs.Organisation.Id, "Meets at their hall"));
        var venue = target.GetProperty("locations")[0];
        var venueId = venue.GetProperty("id").GetString()!;
        var venueTag = (await app.CreateClient().GetAsync($"/api/v1/locations/{venueId}")).Headers.ETag!.Tag;
        var body = AWalk(mine.Organisation.Id, "Borrowing their hall");
        body["venues"] = new JsonArray(new JsonObject { ["location_id"] = venueId });

        using var linked = await mine.Curator.PostAsync("/api/v1/assets", Json(body));
        using var renamed = await mine.Curator.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/locations/{venueId}", MergePatch(new JsonObject { ["name"] = "Renamed" }), venueTag));

        await linked.AssertProblemAsync(HttpStatusCode.Forbidden);
        var problem = await renamed.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains(target.GetProperty("id").GetString()!, problem.GetProperty("listings").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(venue.GetProperty("name").GetString(), (await StoredAsync(target.GetProperty("id").GetGuid())).Locations[0].Location.Name);
    }

    [Fact]
    public async Task An_area_curator_can_neither_move_a_venue_into_its_area_nor_edit_a_listing_only_partly_inside()
    {
        var theirs = await PartyAsync("Two-city group");
        var area = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, areas: [await AreaOfAsync(app, Sheffield)]));
        var (elsewhere, _) = await CreateAsync(theirs.Curator, WalkAt(theirs.Organisation.Id, "Liverpool only", Liverpool));
        var (mixed, mixedTag) = await CreateAsync(theirs.Curator, WalkAt(theirs.Organisation.Id, "Sheffield and Liverpool", Sheffield, Liverpool));
        var (inside, insideTag) = await CreateAsync(theirs.Curator, WalkAt(theirs.Organisation.Id, "Sheffield only", Sheffield));
        var venueId = elsewhere.GetProperty("locations")[0].GetProperty("id").GetString()!;
        var venueTag = (await app.CreateClient().GetAsync($"/api/v1/locations/{venueId}")).Headers.ETag!.Tag;
        var sheffieldVenue = mixed.GetProperty("locations").EnumerateArray().First(l => l.GetProperty("postcode").GetString() == Sheffield).GetProperty("id").GetString()!;
        var sheffieldTag = (await app.CreateClient().GetAsync($"/api/v1/locations/{sheffieldVenue}")).Headers.ETag!.Tag;

        using var moved = await area.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/locations/{venueId}", MergePatch(new JsonObject { ["postcode"] = Sheffield }), venueTag));
        using var patchedMixed = await area.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/assets/{mixed.GetProperty("id")}", MergePatch(new JsonObject { ["name"] = "Mine now" }), mixedTag));
        using var deletedMixed = await area.SendAsync(WithIfMatch(HttpMethod.Delete, $"/api/v1/assets/{mixed.GetProperty("id")}", null, mixedTag));
        using var sharedVenue = await area.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/locations/{sheffieldVenue}", MergePatch(new JsonObject { ["name"] = "Renamed" }), sheffieldTag));
        using var patchedInside = await area.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/assets/{inside.GetProperty("id")}", MergePatch(new JsonObject { ["summary"] = "Checked by the CVS" }), insideTag));

        await moved.AssertProblemAsync(HttpStatusCode.Forbidden);
        await patchedMixed.AssertProblemAsync(HttpStatusCode.Forbidden);
        await deletedMixed.AssertProblemAsync(HttpStatusCode.Forbidden);
        await sharedVenue.AssertProblemAsync(HttpStatusCode.Forbidden);
        // The control: a listing wholly inside the area is the area curator's to edit.
        Assert.Equal(HttpStatusCode.OK, patchedInside.StatusCode);
        Assert.Equal(Liverpool, (await StoredAsync(elsewhere.GetProperty("id").GetGuid())).Locations[0].Location.Postcode);
        var stillMixed = await StoredAsync(mixed.GetProperty("id").GetGuid());
        Assert.Equal(("Sheffield and Liverpool", (DateTimeOffset?)null), (stillMixed.Name, stillMixed.DeletedAt));
    }

    [Fact]
    public async Task An_area_curator_cannot_move_a_listing_it_holds_out_of_its_area()
    {
        var theirs = await PartyAsync("Moving group");
        var area = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, areas: [await AreaOfAsync(app, Sheffield)]));
        var (inside, etag) = await CreateAsync(theirs.Curator, WalkAt(theirs.Organisation.Id, "Moves away", Sheffield));
        var patch = new JsonObject { ["venues"] = new JsonArray(new JsonObject { ["name"] = "Far hall", ["postcode"] = Liverpool }) };

        using var moved = await area.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/assets/{inside.GetProperty("id")}", MergePatch(patch), etag));

        await moved.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(Sheffield, (await StoredAsync(inside.GetProperty("id").GetGuid())).Locations[0].Location.Postcode);
    }

    [Fact]
    public async Task Keys_are_made_only_for_organisations_and_areas_that_exist()
    {
        var admin = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));

        using var noOrganisation = await admin.PostAsync("/api/v1/keys", Json(new JsonObject { ["name"] = "Ghost", ["role"] = "curator", ["organisation_ids"] = new JsonArray(Guid.NewGuid().ToString()) }));
        using var noArea = await admin.PostAsync("/api/v1/keys", Json(new JsonObject { ["name"] = "Atlantis", ["role"] = "curator", ["area_codes"] = new JsonArray("E99999999") }));

        await noOrganisation.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "organisation_ids");
        await noArea.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "area_codes");
    }
}
