using System.Text.RegularExpressions;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;

namespace ConnectingPeople.Directory.Api.Tests.Features.Search;

/// <summary>The searches from the issue, asked of the sample data near S1 2HE, with the answer a link worker expects.</summary>
public sealed class SampleRelevanceTests(SampleDataApp app) : IClassFixture<SampleDataApp>
{
    private async Task<List<JsonElement>> SearchAsync(string q) =>
        [.. (await app.GetJsonAsync<JsonElement>($"/api/v1/search?postcode=S1%202HE&q={Uri.EscapeDataString(q)}&per_page=100"))
            .GetProperty("contents").EnumerateArray()];

    private static string Name(JsonElement r) => r.GetProperty("name").GetString()!;

    /// <summary>The listing's own words (not its organisation's), as the full listing gives them.</summary>
    private async Task<string> OwnWordsAsync(JsonElement result)
    {
        var listing = await app.GetJsonAsync<JsonElement>($"/api/v1/assets/{result.GetProperty("id").GetGuid()}");
        string Text(string property) => listing.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "";
        var interests = listing.GetProperty("interests").EnumerateArray().Select(t => t.GetProperty("name").GetString());
        return string.Join(" ", Text("name"), Text("summary"), Text("description"), string.Join(" ", interests));
    }

    [Fact]
    public async Task Walking_near_S1_2HE_gives_walking_groups_first_not_the_choir_run_by_Steel_City_Walkers()
    {
        var results = await SearchAsync("walking");
        var ownWords = new List<bool>();
        // The word itself (walk, walks, walking), not a place such as Walkley.
        foreach (var r in results) ownWords.Add(Regex.IsMatch(await OwnWordsAsync(r), @"\bwalk(s|ing)?\b", RegexOptions.IgnoreCase));

        Assert.All(results.Take(3), r => Assert.Contains("Walk", Name(r), StringComparison.OrdinalIgnoreCase));
        Assert.Contains(false, ownWords);
        var lastOwn = ownWords.LastIndexOf(true);
        var firstOrganisationOnly = ownWords.IndexOf(false);
        Assert.True(lastOwn < firstOrganisationOnly,
            $"'{Name(results[firstOrganisationOnly])}' (only its organisation says walking) ranks above '{Name(results[lastOwn])}'");
    }

    [Fact]
    public async Task Shed_near_S1_2HE_puts_a_Mens_Shed_first()
    {
        var results = await SearchAsync("shed");

        Assert.Contains("Men's Shed", Name(results[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mens_shed_near_S1_2HE_puts_every_Mens_Shed_above_everything_else()
    {
        var results = (await SearchAsync("men's shed")).Select(Name).ToList();
        var sheds = results.Select(n => n.Contains("Men's Shed", StringComparison.Ordinal)).ToList();

        Assert.Contains(true, sheds);
        Assert.Contains(false, sheds);
        Assert.True(sheds.LastIndexOf(true) < sheds.IndexOf(false), string.Join(" / ", results));
    }
}
