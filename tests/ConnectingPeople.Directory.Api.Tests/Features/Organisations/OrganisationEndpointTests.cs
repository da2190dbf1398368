using System.Net;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Organisations;

public sealed class OrganisationEndpointTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Fact]
    public async Task An_organisation_is_returned_with_how_many_listings_it_runs()
    {
        var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = "Maghull Friends", Website = "https://example.org/maghull" };
        await AnAsset("Lunch club").OwnedBy(organisation).At(Places.BootleTownHall).SaveAsync(app);
        await AnAsset("Knit and natter").OwnedBy(organisation).At(Places.BootleTownHall).SaveAsync(app);

        var body = await app.GetJsonAsync<JsonElement>($"/api/v1/organisations/{organisation.Id}");

        Assert.Equal("Maghull Friends", body.GetProperty("name").GetString());
        Assert.Equal("https://example.org/maghull", body.GetProperty("website").GetString());
        Assert.Equal(2, body.GetProperty("asset_count").GetInt32());
    }

    [Fact]
    public async Task An_unknown_organisation_is_a_404_problem()
    {
        using var response = await app.CreateClient().GetAsync($"/api/v1/organisations/{Guid.NewGuid()}");
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_malformed_organisation_id_is_a_400_problem()
    {
        using var response = await app.CreateClient().GetAsync("/api/v1/organisations/12");
        await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "id");
    }
}
