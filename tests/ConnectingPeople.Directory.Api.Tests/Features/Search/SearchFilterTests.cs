using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Search;

/// <summary>What and when: interests, free text, days and times, dates, cost, access, age, audience, status, freshness.</summary>
public sealed class SearchFilterTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private async Task<List<string>> SearchAsync(Place origin, string query) =>
        (await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, query))).Names().Order().ToList();

    [Fact]
    public async Task An_interest_matches_its_descendants_and_any_of_several_by_default()
    {
        var origin = Places.NewSpot();
        await AnAsset("Health walk").At(origin).About("health_walks").SaveAsync(app);
        await AnAsset("Allotment").At(origin).About("allotments").SaveAsync(app);
        await AnAsset("Choir").At(origin).About("choir").SaveAsync(app);

        Assert.Equal(["Health walk"], await SearchAsync(origin, "interests=walking"));
        Assert.Equal(["Allotment", "Health walk"], await SearchAsync(origin, "interests=walking,gardening"));
    }

    [Fact]
    public async Task Interests_match_all_needs_every_interest()
    {
        var origin = Places.NewSpot();
        await AnAsset("Photo walk").At(origin).About("photography", "walking").SaveAsync(app);
        await AnAsset("Plain walk").At(origin).About("walking").SaveAsync(app);

        Assert.Equal(["Photo walk"], await SearchAsync(origin, "interests=walking,photography&interests_match=all"));
        var page = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "interests=walking,photography"));
        var photo = page.GetProperty("contents").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "Photo walk");
        Assert.Equal(["walking", "photography"], photo.GetProperty("matched_interests").EnumerateArray().Select(i => i.GetString()));
    }

    [Theory]
    [InlineData("knittng", "Knit and natter")]
    [InlineData("rambling", "Hill walkers")]
    [InlineData("walks", "Hill walkers")]
    [InlineData("ukelele", "Strummers")]
    public async Task Free_text_finds_stems_synonyms_and_near_spellings(string q, string expected)
    {
        var origin = Places.NewSpot();
        await AnAsset("Knit and natter").At(origin).About("knitting").SaveAsync(app);
        await AnAsset("Hill walkers").At(origin).About("walking").SaveAsync(app);
        await AnAsset("Strummers").At(origin).About("ukulele").SaveAsync(app);

        Assert.Equal([expected], await SearchAsync(origin, $"q={q}"));
    }

    [Fact]
    public async Task Day_and_part_of_day_must_hold_for_the_same_session()
    {
        var origin = Places.NewSpot();
        await AnAsset("Tuesday morning").At(origin).Meeting(Weekday.Tue, 10, 12).SaveAsync(app);
        await AnAsset("Tuesday evening, Thursday morning").At(origin).Meeting(Weekday.Tue, 19, 21).Meeting(Weekday.Thu, 9, 10).SaveAsync(app);
        await AnAsset("Wednesday afternoon").At(origin).Meeting(Weekday.Wed, 14, 16).SaveAsync(app);

        Assert.Equal(["Tuesday morning"], await SearchAsync(origin, "day=tue&time=morning"));
        Assert.Equal(["Tuesday evening, Thursday morning", "Tuesday morning"], await SearchAsync(origin, "day=tue,thu&time=morning"));
        Assert.Equal(["Wednesday afternoon"], await SearchAsync(origin, "time=afternoon"));
        Assert.Equal(["Tuesday evening, Thursday morning"], await SearchAsync(origin, "time=evening"));
        Assert.Equal(["Tuesday morning", "Wednesday afternoon"], await SearchAsync(origin, "from=11:30&to=15:00"));
    }

    [Fact]
    public async Task On_a_date_respects_fortnightly_and_monthly_rules_and_validity()
    {
        var origin = Places.NewSpot();
        // 2027-03-02 and 2027-03-16 are Tuesdays; 2027-03-09 is the 2nd Tuesday of March 2027; 2027-03-30 the last.
        await AnAsset("Fortnightly from 2 March").At(origin).Meeting(Weekday.Tue, 10, 12, ScheduleFrequency.Fortnightly, validFrom: new DateOnly(2027, 3, 2)).SaveAsync(app);
        await AnAsset("Second Tuesday").At(origin).Meeting(Weekday.Tue, 10, 12, ScheduleFrequency.Monthly, weekOfMonth: 2).SaveAsync(app);
        await AnAsset("Last Tuesday").At(origin).Meeting(Weekday.Tue, 10, 12, ScheduleFrequency.Monthly, weekOfMonth: -1).SaveAsync(app);
        await AnAsset("Weekly until 10 March").At(origin).Meeting(Weekday.Tue, 10, 12, validUntil: new DateOnly(2027, 3, 10)).SaveAsync(app);

        Assert.Equal(["Fortnightly from 2 March", "Weekly until 10 March"], await SearchAsync(origin, "on=2027-03-02"));
        Assert.Equal(["Second Tuesday", "Weekly until 10 March"], await SearchAsync(origin, "on=2027-03-09"));
        Assert.Equal(["Fortnightly from 2 March"], await SearchAsync(origin, "on=2027-03-16"));
        Assert.Equal(["Fortnightly from 2 March", "Last Tuesday"], await SearchAsync(origin, "on=2027-03-30"));
        Assert.Empty(await SearchAsync(origin, "on=2027-03-03"));
    }

    [Fact]
    public async Task Cost_filters_separate_free_donation_and_fee()
    {
        var origin = Places.NewSpot();
        await AnAsset("Free").At(origin).Costing(CostKind.Free).SaveAsync(app);
        await AnAsset("Donation").At(origin).Costing(CostKind.Donation).SaveAsync(app);
        await AnAsset("Two pounds").At(origin).Costing(CostKind.Fee, 2m, CostPeriod.Session).SaveAsync(app);
        await AnAsset("Five pounds").At(origin).Costing(CostKind.Fee, 5m, CostPeriod.Session).SaveAsync(app);
        await AnAsset("Unknown cost").At(origin).SaveAsync(app);

        Assert.Equal(["Donation", "Free"], await SearchAsync(origin, "free=true"));
        Assert.Equal(["Donation", "Free", "Two pounds"], await SearchAsync(origin, "max_cost=3"));
    }

    [Fact]
    public async Task Accessibility_needs_every_feature_audience_needs_any_and_age_falls_in_the_range()
    {
        var origin = Places.NewSpot();
        await AnAsset("Step-free with loop").At(origin).Accessible("wheelchair", "hearing_loop").For("older_people").Aged(60, null).SaveAsync(app);
        await AnAsset("Step-free only").At(origin).Accessible("wheelchair").For("carers").Aged(18, 65).SaveAsync(app);
        await AnAsset("Youth club").At(origin).For("young_people").Aged(11, 17).SaveAsync(app);

        Assert.Equal(["Step-free only", "Step-free with loop"], await SearchAsync(origin, "accessibility=wheelchair"));
        Assert.Equal(["Step-free with loop"], await SearchAsync(origin, "accessibility=wheelchair,hearing_loop"));
        Assert.Equal(["Step-free only", "Step-free with loop"], await SearchAsync(origin, "audience=older_people,carers"));
        Assert.Equal(["Step-free with loop"], await SearchAsync(origin, "age=72"));
        Assert.Equal(["Youth club"], await SearchAsync(origin, "age=12"));
    }

    [Fact]
    public async Task Inactive_stale_and_full_listings_are_filtered_as_asked()
    {
        var origin = Places.NewSpot();
        await AnAsset("Open, fresh").At(origin).With(a => { a.LastVerifiedAt = DateTimeOffset.UtcNow.AddDays(-10); }).SaveAsync(app);
        await AnAsset("Open, stale, full").At(origin).With(a => { a.LastVerifiedAt = DateTimeOffset.UtcNow.AddDays(-400); a.AcceptingNewMembers = false; }).SaveAsync(app);
        await AnAsset("Closed").At(origin).WithStatus(AssetStatus.Closed).SaveAsync(app);
        await AnAsset("Paused").At(origin).WithStatus(AssetStatus.TemporarilyClosed).SaveAsync(app);

        Assert.Equal(["Open, fresh", "Open, stale, full"], await SearchAsync(origin, ""));
        Assert.Equal(["Closed", "Open, fresh", "Open, stale, full", "Paused"], await SearchAsync(origin, "include_inactive=true"));
        Assert.Equal(["Open, fresh"], await SearchAsync(origin, "verified_within_days=30"));
        Assert.Equal(["Open, fresh"], await SearchAsync(origin, "accepting_new_members=true"));
    }

    [Fact]
    public async Task Without_an_origin_text_or_interests_search_everywhere_by_relevance()
    {
        var origin = Places.NewSpot();
        await AnAsset("Bellringers of Spot").At(origin).About("music_making").SaveAsync(app);

        var page = await app.GetJsonAsync<JsonElement>("/api/v1/search?q=bellringers");

        var result = Assert.Single(page.GetProperty("contents").EnumerateArray());
        Assert.Equal("relevance", result.GetProperty("match").GetString());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("origin").ValueKind);
    }
}
