using System.Text.Json;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;

namespace ConnectingPeople.Directory.Api.Tests.Data;

/// <summary>
/// The sample data's first-time text never contradicts how to join: the shortlist shows both, one line each, and a
/// person told "you need a referral" and then "just turn up" does not know what to do.
/// </summary>
public sealed class SampleNewcomerTextTests(SampleDataApp app) : IClassFixture<SampleDataApp>
{
    /// <summary>Words that say the opposite of each way of joining.</summary>
    private static readonly Dictionary<string, string[]> Contradicting = new()
    {
        ["drop_in"] = ["ring first", "call first", "book", "referral", "referred", "get in touch first"],
        ["contact_first"] = ["turn up", "no need to", "don't need to"],
        ["booking"] = ["turn up", "no need to", "don't need to"],
        ["referral"] = ["turn up", "no need to", "don't need to", "ring first", "book"],
    };

    [Fact]
    public async Task Every_sample_listings_newcomer_text_agrees_with_its_how_to_join()
    {
        var ids = new List<Guid>();
        for (var page = 1; ; page++)
        {
            var list = await app.GetJsonAsync<JsonElement>($"/api/v1/assets?per_page=100&page={page}");
            ids.AddRange(list.GetProperty("contents").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));
            if (list.GetProperty("last_page").GetBoolean()) break;
        }

        var contradictions = new List<string>();
        foreach (var id in ids)
        {
            var listing = await app.GetJsonAsync<JsonElement>($"/api/v1/assets/{id}");
            var howToJoin = listing.GetProperty("how_to_join").GetString()!;
            var text = listing.GetProperty("newcomer_info").GetString() ?? "";
            var clash = Contradicting[howToJoin].FirstOrDefault(words => text.Contains(words, StringComparison.OrdinalIgnoreCase));
            if (clash is not null) contradictions.Add($"{listing.GetProperty("name").GetString()} ({howToJoin}): \"{text}\"");
        }

        Assert.True(ids.Count > 400, $"only {ids.Count} sample listings were read");
        Assert.True(contradictions.Count == 0, $"{contradictions.Count} listings contradict themselves, e.g. {string.Join("; ", contradictions.Take(3))}");
    }
}
