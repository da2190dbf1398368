using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Protection;

/// <summary>One input boundary: query strings, routes, bodies and imported files meet the same check, and a refusal names the field.</summary>
public sealed class InputBoundaryTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Theory]
    [InlineData("/api/v1/search?q=walk%00ing", "q")]
    [InlineData("/openreferral/services?search=a%01b", "search")]
    [InlineData("/api/v1/search?q=a%E2%80%AEb", "q")]
    [InlineData("/api/v1/postcodes/S1%012HE", "postcode")]
    public async Task A_control_character_in_a_query_or_route_is_a_400_naming_it(string url, string field)
    {
        using var response = await app.CreateClient().GetAsync(url);
        await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task An_overlong_query_value_is_a_400_naming_it()
    {
        using var response = await app.CreateClient().GetAsync("/api/v1/search?q=" + new string('a', 2_001));
        await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "q");
    }

    [Fact]
    public async Task Full_width_letters_search_as_the_letters_they_read_as()
    {
        var place = Places.NewSpot();
        await AnAsset("Knit and natter").At(place).About("knitting").SaveAsync(app);
        var fullWidth = Uri.EscapeDataString("\uFF4B\uFF4E\uFF49\uFF54\uFF54\uFF49\uFF4E\uFF47");
        var found = await app.GetJsonAsync<System.Text.Json.JsonElement>(SearchClient.Near(place, "q=" + fullWidth));
        Assert.Equal(["Knit and natter"], found.Names());
    }

    [Fact]
    public async Task A_NUL_in_an_anonymous_feedback_message_is_a_400_naming_message_and_nothing_is_stored()
    {
        var asset = await AnAsset("Feedback target").At(Places.NewSpot()).SaveAsync(app);
        var body = new JsonObject { ["asset_id"] = asset.Id.ToString(), ["kind"] = "other", ["message"] = "bad\u0000byte" };
        using var response = await app.CreateClient().PostAsync("/api/v1/feedback", Json(body));
        await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "message");
        Assert.Equal(0, await app.WithDbAsync(db => db.Feedback.CountAsync(f => f.AssetId == asset.Id)));
    }

    [Fact]
    public async Task A_NUL_in_a_listing_body_or_a_merge_patch_is_a_400_naming_the_field()
    {
        var organisation = await AnOrganisationAsync(app, "Boundary org");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        var walk = AWalk(organisation.Id);
        walk["name"] = "Walk\u0000";
        using var created = await curator.PostAsync("/api/v1/assets", Json(walk));
        await created.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "name");

        var (body, etag) = await CreateAsync(curator, AWalk(organisation.Id));
        using var patch = WithIfMatch(HttpMethod.Patch, $"/api/v1/assets/{body.GetProperty("id").GetGuid()}",
            MergePatch(new JsonObject { ["summary"] = "x\u0007y" }), etag);
        using var patched = await curator.SendAsync(patch);
        await patched.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "summary");
    }

    [Fact]
    public async Task A_merge_patch_with_half_a_surrogate_pair_is_a_400_not_a_500()
    {
        var organisation = await AnOrganisationAsync(app, "Surrogate org");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        var (body, etag) = await CreateAsync(curator, AWalk(organisation.Id));
        // Valid JSON syntax whose string cannot be decoded: a lone high surrogate escape.
        var content = new StringContent("{\"name\": \"\\ud800\"}");
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/merge-patch+json");
        using var patched = await curator.SendAsync(WithIfMatch(HttpMethod.Patch, $"/api/v1/assets/{body.GetProperty("id").GetGuid()}", content, etag));
        await patched.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task A_line_break_in_a_single_line_field_is_refused_but_allowed_in_a_description()
    {
        var organisation = await AnOrganisationAsync(app, "Line break org");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        var walk = AWalk(organisation.Id);
        walk["name"] = "Walk\nand talk";
        using var refused = await curator.PostAsync("/api/v1/assets", Json(walk));
        await refused.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "name");

        var described = AWalk(organisation.Id);
        described["description"] = "First line.\nSecond line.";
        await CreateAsync(curator, described);
    }

    [Theory]
    [InlineData("/openreferral/organizations?page=2147483647")]
    [InlineData("/openreferral/services?page=2147483647&per_page=100")]
    [InlineData("/openreferral/taxonomy_terms?page=1000001")]
    [InlineData("/api/v1/search?q=walk&page=2147483647")]
    public async Task A_page_past_what_can_be_represented_is_a_400_naming_page(string url)
    {
        using var response = await app.CreateClient().GetAsync(url);
        await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "page");
    }

    [Theory]
    [InlineData("/api/v1/insights/signposting?from=0001-01-01", "from")]
    [InlineData("/api/v1/insights/signposting?to=9999-12-31", "to")]
    [InlineData("/api/v1/signposts?from=1999-12-31", "from")]
    [InlineData("/openreferral/services?modified_after=0001-01-01T00:00:00Z", "modified_after")]
    [InlineData("/api/v1/assets?updated_since=0001-01-01T00:00:00Z", "updated_since")]
    [InlineData("/api/v1/assets?updated_since=9999-12-31T23:59:59Z", "updated_since")]
    public async Task A_date_outside_2000_to_2100_is_a_400_naming_it(string url, string field)
    {
        var prescriber = app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber));
        using var response = await prescriber.GetAsync(url);
        await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_date_outside_the_window_in_a_body_is_a_400_naming_it()
    {
        var asset = await AnAsset("Signposted far off").At(Places.NewSpot()).SaveAsync(app);
        var prescriber = app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber));
        var body = new JsonObject { ["asset_id"] = asset.Id.ToString(), ["support"] = "information_only", ["signposted_on"] = "9999-12-31" };
        using var response = await prescriber.PostAsync("/api/v1/signposts", Json(body));
        await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "signposted_on");
    }

    [Fact]
    public async Task An_import_with_a_NUL_or_a_NaN_latitude_reports_the_row_in_a_dry_run_and_a_real_run_writes_nothing()
    {
        var organisation = await AnOrganisationAsync(app, "Hostile importers");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        var csv = "external_id,organisation,name,venue_name,postcode,latitude,longitude\r\n"
            + $"nul-1,{organisation.Name},Bad\u0000name,Hall,S1 2JA,,\r\n"
            + $"nan-1,{organisation.Name},Walk,Hall,S1 2JA,NaN,-1.47\r\n";
        using var dry = await curator.PostAsync("/api/v1/imports?format=csv&dry_run=true", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var report = JsonNode.Parse(await dry.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var rows = report["rows"]!.AsArray();
        Assert.Contains(rows[0]!["errors"]!.AsArray(), e => e!.GetValue<string>().StartsWith("name:", StringComparison.Ordinal));
        Assert.Contains(rows[1]!["errors"]!.AsArray(), e => e!.GetValue<string>().StartsWith("latitude:", StringComparison.Ordinal));

        using var real = await curator.PostAsync("/api/v1/imports?format=csv", new StringContent(csv, Encoding.UTF8, "text/csv"));
        await real.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, await app.WithDbAsync(db => db.Assets.CountAsync(a => a.OrganisationId == organisation.Id)));
    }

    [Fact]
    public async Task Feedback_messages_and_verification_notes_meet_the_personal_data_guard_and_a_length_limit()
    {
        var organisation = await AnOrganisationAsync(app, "Guarded org");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        var (created, _) = await CreateAsync(curator, AWalk(organisation.Id));
        var id = created.GetProperty("id").GetGuid();

        var feedback = new JsonObject { ["asset_id"] = id.ToString(), ["kind"] = "other", ["message"] = "My mum Mrs Jane Smith went, call 07700 900123" };
        using var reported = await app.CreateClient().PostAsync("/api/v1/feedback", Json(feedback));
        await reported.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "message");

        using var personal = await curator.PostAsync($"/api/v1/assets/{id}/verify", Json(new JsonObject { ["method"] = "phone", ["note"] = "Spoke to jane at example dot com" }));
        await personal.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "note");
        using var huge = await curator.PostAsync($"/api/v1/assets/{id}/verify", Json(new JsonObject { ["method"] = "phone", ["note"] = new string('x', 100_000) }));
        await huge.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "note");
    }

    [Fact]
    public async Task A_venue_at_a_well_formed_postcode_that_does_not_exist_is_refused_naming_it_in_the_API_and_in_an_import()
    {
        var organisation = await AnOrganisationAsync(app, "Unknown postcode org");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        using var created = await curator.PostAsync("/api/v1/assets", Json(AWalk(organisation.Id, postcode: "S2 3XX")));
        await created.AssertProblemNamingAsync(HttpStatusCode.UnprocessableEntity, "venues[0].postcode");
        // A malformed postcode is the caller's mistake (400); with another problem beside it, the request is a 400 too.
        using var malformed = await curator.PostAsync("/api/v1/assets", Json(AWalk(organisation.Id, postcode: "not a postcode")));
        await malformed.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "venues[0].postcode");
        var unnamed = AWalk(organisation.Id, postcode: "S2 3XX");
        unnamed["name"] = "";
        using var both = await curator.PostAsync("/api/v1/assets", Json(unnamed));
        await both.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "venues[0].postcode");
        using var venue = await curator.PostAsync("/api/v1/locations", Json(new JsonObject { ["name"] = "Hall", ["postcode"] = "S2 3XX" }));
        await venue.AssertProblemNamingAsync(HttpStatusCode.UnprocessableEntity, "postcode");

        var csv = $"external_id,organisation,name,venue_name,postcode\r\nghost-1,{organisation.Name},Walk,Hall,S2 3XX\r\n";
        using var imported = await curator.PostAsync("/api/v1/imports?format=csv&dry_run=true", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var row = JsonNode.Parse(await imported.Content.ReadAsStringAsync())!["rows"]![0]!;
        Assert.Contains(row["errors"]!.AsArray(), e => e!.GetValue<string>().StartsWith("postcode:", StringComparison.Ordinal));
    }
}
