using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Curation;

/// <summary>Organisations and venues are written by the same pipeline as listings, so its steps hold for them on every path.</summary>
public sealed class OneWritePipelineTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Fact]
    public async Task Renaming_an_organisation_is_saved_with_its_listings_search_text()
    {
        var organisation = await AnOrganisationAsync(app, "Plain organisation");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        await CreateAsync(curator, AWalk(organisation.Id, "Tuesday stroll"));
        var word = $"zq{Guid.NewGuid():N}"[..12];
        var url = $"/api/v1/organisations/{organisation.Id}";
        var etag = (await app.CreateClient().GetAsync(url)).Headers.ETag!.Tag;

        using var renamed = await curator.SendAsync(WithIfMatch(HttpMethod.Patch, url, MergePatch(new JsonObject { ["name"] = $"{word} Ramblers" }), etag));
        var page = await app.GetJsonAsync<JsonElement>($"/api/v1/search?q={word}");

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(["Tuesday stroll"], page.GetProperty("contents").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        var history = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "organisation" && e.EntityId == organisation.Id).Select(e => e.Action).ToListAsync());
        Assert.Contains("updated", history);
    }

    [Fact]
    public async Task An_import_creates_an_organisation_only_as_the_endpoint_would()
    {
        var admin = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        var tooLong = "Friends of " + new string('x', 200);
        var csv = $"external_id,organisation,name,delivery_modes\r\nlong-1,{tooLong},A walk,phone\r\n";

        using var response = await admin.PostAsync("/api/v1/imports", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("report");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = Assert.Single(report.GetProperty("rows").EnumerateArray()).GetProperty("errors").EnumerateArray().Select(e => e.GetString()!);
        Assert.Contains(errors, e => e.StartsWith("organisation:", StringComparison.Ordinal));
        Assert.False(await app.WithDbAsync(db => db.Organisations.IgnoreQueryFilters().AnyAsync(o => o.Name == tooLong)));
    }
}
