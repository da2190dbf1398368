using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Taxonomies;

public sealed class TaxonomyWriteTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Fact]
    public async Task An_admin_adds_a_term_under_a_parent_and_listings_are_found_by_its_new_synonyms()
    {
        var admin = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, areas: ["E08000039"]));
        var origin = Places.NewSpot();
        // Search keeps a copy of the taxonomy: read it before the term exists, so the new term must replace that copy.
        using var unknownYet = await app.CreateClient().GetAsync(SearchClient.Near(origin, "interests=pickleball"));

        using var byCurator = await curator.PostAsJsonAsync("/api/v1/taxonomies/interests/terms", new { code = "pickleball", name = "Pickleball", parent_code = "physical_activity" });
        using var created = await admin.PostAsJsonAsync("/api/v1/taxonomies/interests/terms", new { code = "pickleball", name = "Pickleball", parent_code = "physical_activity" });
        using var again = await admin.PostAsJsonAsync("/api/v1/taxonomies/interests/terms", new { code = "pickleball", name = "Pickleball" });
        using var badCode = await admin.PostAsJsonAsync("/api/v1/taxonomies/interests/terms", new { code = "Pickle Ball!", name = "x" });
        await AnAsset("Tuesday paddles").At(origin).About("pickleball").SaveAsync(app);
        var beforeRename = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "q=dinking"));
        using var renamed = await admin.PutAsJsonAsync("/api/v1/taxonomies/interests/terms/pickleball", new { name = "Pickleball", synonyms = new[] { "dinking" } });
        var afterRename = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "q=dinking"));
        var underParent = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "interests=physical_activity"));
        var byCode = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "interests=pickleball"));

        await unknownYet.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "interests");
        await byCurator.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        await badCode.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "code");
        Assert.Empty(beforeRename.Names());
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(["Tuesday paddles"], afterRename.Names());
        Assert.Equal(["Tuesday paddles"], underParent.Names());
        Assert.Equal(["Tuesday paddles"], byCode.Names());
    }
}
