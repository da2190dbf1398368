using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Curation;

public sealed class OrganisationAndLocationWriteTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Fact]
    public async Task An_admin_creates_an_organisation_its_curator_edits_it_and_others_may_not()
    {
        var admin = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        using var created = await admin.PostAsJsonAsync("/api/v1/organisations", new { name = "Formby Friends", email = "hi@formby.example.org", phone = "01704 496000" });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        var own = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [id]));
        var other = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [Guid.NewGuid()]));
        var etag = (await app.CreateClient().GetAsync($"/api/v1/organisations/{id}")).Headers.ETag!.Tag;

        using var byCuratorCreate = await own.PostAsJsonAsync("/api/v1/organisations", new { name = "Sneaky" });
        using var byOther = await other.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/organisations/{id}", MergePatch(new JsonObject { ["name"] = "Hijacked" }), etag));
        using var byOwn = await own.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/organisations/{id}", MergePatch(new JsonObject { ["description"] = "Friendly groups in Formby" }), etag));
        using var stale = await own.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/organisations/{id}", MergePatch(new JsonObject { ["name"] = "Stale" }), etag));
        using var badEmail = await admin.PostAsJsonAsync("/api/v1/organisations", new { name = "Bad", email = "nope" });
        var read = await app.GetJsonAsync<JsonElement>($"/api/v1/organisations/{id}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await byCuratorCreate.AssertProblemAsync(HttpStatusCode.Forbidden);
        await byOther.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, byOwn.StatusCode);
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await badEmail.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "email");
        Assert.Equal("Formby Friends", read.GetProperty("name").GetString());
        Assert.Equal("Friendly groups in Formby", read.GetProperty("description").GetString());
    }

    [Fact]
    public async Task An_organisation_with_live_listings_cannot_be_deleted_until_they_go()
    {
        var admin = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        var organisation = await AnOrganisationAsync(app, "Busy org");
        var (asset, assetTag) = await CreateAsync(admin, AWalk(organisation.Id));
        var url = $"/api/v1/organisations/{organisation.Id}";

        using var refused = await admin.SendAsync(WithIfMatch(HttpMethod.Delete, url, null, (await app.CreateClient().GetAsync(url)).Headers.ETag!.Tag));
        using var assetGone = await admin.SendAsync(WithIfMatch(HttpMethod.Delete, $"/api/v1/assets/{asset.GetProperty("id").GetGuid()}", null, assetTag));
        using var deleted = await admin.SendAsync(WithIfMatch(HttpMethod.Delete, url, null, (await app.CreateClient().GetAsync(url)).Headers.ETag!.Tag));
        using var gone = await app.CreateClient().GetAsync(url);

        await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, assetGone.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await gone.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.True(await app.WithDbAsync(db => db.Organisations.IgnoreQueryFilters().AnyAsync(o => o.Id == organisation.Id && o.DeletedAt != null)));
    }

    [Fact]
    public async Task A_venue_given_only_a_postcode_is_placed_there_and_moves_with_its_postcode()
    {
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, areas: ["E08000014", "E08000012"]));
        using var created = await curator.PostAsJsonAsync("/api/v1/locations", new { name = "Church hall", postcode = "l20 7ae" });
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = body.GetProperty("id").GetGuid();
        var bootle = await app.WithDbAsync(db => db.Postcodes.SingleAsync(p => p.Code == "L207AE"));
        var palmHouse = await app.WithDbAsync(db => db.Postcodes.SingleAsync(p => p.Code == "L171AP"));

        using var moved = await curator.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/locations/{id}", MergePatch(new JsonObject { ["postcode"] = "L17 1AP" }),
            created.Headers.ETag!.Tag));
        var after = JsonDocument.Parse(await moved.Content.ReadAsStringAsync()).RootElement;
        using var unknown = await curator.PostAsJsonAsync("/api/v1/locations", new { name = "Nowhere", postcode = "ZZ9 9ZZ" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("L20 7AE", body.GetProperty("postcode").GetString());
        Assert.Equal(bootle.Point.Y, body.GetProperty("latitude").GetDouble(), 6);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(palmHouse.Point.Y, after.GetProperty("latitude").GetDouble(), 6);
        Assert.Equal("E08000012", after.GetProperty("local_authority_code").GetString());
        await unknown.AssertProblemNamingAsync(HttpStatusCode.UnprocessableEntity, "postcode");
    }

    [Fact]
    public async Task A_venue_in_use_cannot_be_deleted_and_a_curator_elsewhere_may_not_touch_it()
    {
        var organisation = await AnOrganisationAsync(app, "Venue org");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        var stranger = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, areas: ["E06000014"]));
        var (asset, _) = await CreateAsync(curator, AWalk(organisation.Id));
        var locationId = asset.GetProperty("locations")[0].GetProperty("id").GetGuid();
        var tag = (await app.CreateClient().GetAsync($"/api/v1/locations/{locationId}")).Headers.ETag!.Tag;

        using var inUse = await curator.SendAsync(WithIfMatch(HttpMethod.Delete, $"/api/v1/locations/{locationId}", null, tag));
        using var byStranger = await stranger.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/locations/{locationId}", MergePatch(new JsonObject { ["name"] = "Mine now" }), tag));

        await inUse.AssertProblemAsync(HttpStatusCode.Conflict);
        await byStranger.AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
