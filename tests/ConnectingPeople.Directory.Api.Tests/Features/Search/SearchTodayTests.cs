using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Schedules;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Search;

/// <summary>"What is on today?" asked at 11:00 on Tuesday 1 December 2026.</summary>
public sealed class SearchTodayTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task On_today_counts_the_sessions_still_to_come_today_and_next_session_is_today()
    {
        var origin = Places.NewSpot();
        await AnAsset("Morning and evening").At(origin).Meeting(Weekday.Tue, 10, 12).Meeting(Weekday.Tue, 18, 20).SaveAsync(app);
        await AnAsset("Afternoon").At(origin).Meeting(Weekday.Tue, 14, 15).SaveAsync(app);
        await AnAsset("Early birds, already over").At(origin).Meeting(Weekday.Tue, 9, 10).SaveAsync(app);
        await AnAsset("Next Tuesday only, in effect").At(origin).Meeting(Weekday.Tue, 10, 11).SaveAsync(app);

        var page = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "radius_km=1&on=2026-12-01&sort=name"));
        var starts = page.GetProperty("contents").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("next_session").GetProperty("start").GetDateTimeOffset());

        Assert.Equal(["Afternoon", "Morning and evening"], starts.Keys);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero), starts["Afternoon"]);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero), starts["Morning and evening"]);
    }

    [Fact]
    public async Task A_closed_group_shows_no_next_session_even_when_asked_for_with_include_inactive()
    {
        var origin = Places.NewSpot();
        await AnAsset("Closed for now").At(origin).Meeting(Weekday.Wed, 10, 12).WithStatus(AssetStatus.TemporarilyClosed).SaveAsync(app);
        await AnAsset("Closed").At(origin).Meeting(Weekday.Wed, 10, 12).WithStatus(AssetStatus.Closed).SaveAsync(app);
        await AnAsset("Open").At(origin).Meeting(Weekday.Wed, 10, 12).SaveAsync(app);

        var page = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "radius_km=1&include_inactive=true&sort=name"));
        var next = page.GetProperty("contents").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("next_session").ValueKind);

        Assert.Equal(JsonValueKind.Null, next["Closed for now"]);
        Assert.Equal(JsonValueKind.Null, next["Closed"]);
        Assert.Equal(JsonValueKind.Object, next["Open"]);

        // By next session, the open group comes first although all three keep the same timetable.
        var bySession = await app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, "radius_km=1&include_inactive=true&sort=next_session"));
        Assert.Equal("Open", bySession.GetProperty("contents")[0].GetProperty("name").GetString());
    }
}
