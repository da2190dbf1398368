using System.Net;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;

namespace ConnectingPeople.Directory.Api.Tests.Features.Taxonomies;

public sealed class TaxonomyEndpointTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Fact]
    public async Task The_four_vocabularies_are_listed_with_their_term_counts()
    {
        var vocabularies = await app.GetJsonAsync<JsonElement>("/api/v1/taxonomies");
        var byCode = vocabularies.EnumerateArray().ToDictionary(v => v.GetProperty("code").GetString()!, v => v.GetProperty("term_count").GetInt32());

        Assert.Equal(["accessibility", "audiences", "interests", "kinds"], byCode.Keys.Order());
        Assert.True(byCode["interests"] >= 60, $"only {byCode["interests"]} interest terms");
    }

    [Fact]
    public async Task Interests_come_back_as_a_tree_whose_terms_carry_synonyms()
    {
        var roots = await app.GetJsonAsync<JsonElement>("/api/v1/taxonomies/interests/terms");
        var all = Flatten(roots).ToList();
        var walking = all.Single(t => t.GetProperty("code").GetString() == "walking");

        Assert.Equal(all.Count, all.Select(t => t.GetProperty("id").GetGuid()).Distinct().Count());
        Assert.Contains("rambling", walking.GetProperty("synonyms").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("health_walks", walking.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        Assert.DoesNotContain(roots.EnumerateArray(), r => r.GetProperty("code").GetString() == "walking");
    }

    [Fact]
    public async Task An_unknown_vocabulary_is_a_404_problem()
    {
        using var response = await app.CreateClient().GetAsync("/api/v1/taxonomies/colours/terms");
        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("interests", problem.GetProperty("detail").GetString());
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement terms) =>
        terms.EnumerateArray().SelectMany(t => Flatten(t.GetProperty("children")).Prepend(t));
}
