using System.Text.Json;
using ConnectingPeople.Directory.Api.Features.Search;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Search;

/// <summary>interests_match=all as one set-based condition: checked against a brute-force oracle, and its SQL pinned.</summary>
public sealed class InterestsMatchAllTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    // Nested pairs (walking > health_walks) and disjoint ones, so supersets and overlaps both occur.
    private static readonly string[] Pool =
        ["physical_activity", "walking", "health_walks", "nordic_walking", "running", "parkrun", "creative", "knitting", "knit_and_natter", "photography", "music", "choir"];

    private async Task<Dictionary<string, (Guid Id, string Path)>> InterestsAsync() => await app.WithDbAsync(db =>
        db.TaxonomyTerms.Where(t => t.Vocabulary.Code == "interests").ToDictionaryAsync(t => t.Code, t => (t.Id, t.Path)));

    [Fact]
    public async Task All_interests_finds_exactly_the_listings_with_a_term_at_or_below_each_of_them()
    {
        var terms = await InterestsAsync();
        Gen.Select(Gen.OneOfConst(Pool).HashSet[0, 3].Array[4, 10], Gen.OneOfConst(Pool).HashSet[1, 5]).Sample((listings, asked) =>
        {
            var origin = Places.NewSpot();
            var saved = new List<(string Name, HashSet<string> Codes)>();
            for (var i = 0; i < listings.Length; i++)
            {
                var name = $"Listing {i}";
                AnAsset(name).At(origin).About([.. listings[i]]).SaveAsync(app).GetAwaiter().GetResult();
                saved.Add((name, listings[i]));
            }
            bool Covers(HashSet<string> codes, string interest) => codes.Any(c => terms[c].Path.StartsWith(terms[interest].Path, StringComparison.Ordinal));
            var expected = saved.Where(l => asked.All(q => Covers(l.Codes, q))).Select(l => l.Name).Order().ToList();

            var page = app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, $"radius_km=1&per_page=100&interests_match=all&interests={string.Join(",", asked)}"))
                .GetAwaiter().GetResult();
            Assert.Equal(expected, page.Names().Order().ToList());
        }, iter: 25, threads: 1);
    }

    [Fact]
    public async Task The_SQL_for_all_interests_has_the_same_shape_for_two_codes_as_for_eight()
    {
        var terms = await InterestsAsync();
        InterestFilter Filter(string code) => new(code, [.. terms.Values.Where(t => t.Path.StartsWith(terms[code].Path, StringComparison.Ordinal)).Select(t => t.Id)]);
        string[] few = ["walking", "knitting"];
        string[] many = ["walking", "knitting", "running", "photography", "choir", "swimming", "pottery", "ukulele"];
        var (two, eight) = await app.WithDbAsync(async db =>
        {
            await Task.CompletedTask;
            return (db.Assets.WithInterests([.. few.Select(Filter)], all: true).ToQueryString(),
                db.Assets.WithInterests([.. many.Select(Filter)], all: true).ToQueryString());
        });
        int Subqueries(string sql) => sql.Split("SELECT").Length - 1;
        Assert.Equal(Subqueries(two), Subqueries(eight));
        Assert.DoesNotContain("EXISTS", eight, StringComparison.Ordinal);
    }
}
