using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Features.Signposting;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Pages;

/// <summary>
/// The pages under /find in headless Chromium (tests/browser/check-find-pages.mjs): the journey from postcode to printed
/// shortlist with JavaScript on and off and by keyboard alone, axe-core on every page, reflow at 320 px and at 200 %
/// zoom, and the invalid-postcode error summary. scripts/test.sh installs chromium and the npm packages.
/// </summary>
public sealed class PagesBrowserTests(KestrelDirectoryApp app) : IClassFixture<KestrelDirectoryApp>
{
    [Fact]
    public async Task A_link_worker_gets_from_postcode_to_a_printed_shortlist_in_chromium_with_and_without_javascript_and_by_keyboard()
    {
        var walk = await AnAsset("Riverside health walk").At(Places.SheffieldCityHall).About("walking").Meeting(Weekday.Tue, 10, 11)
            .Costing(CostKind.Free).Accessible("wheelchair")
            .With(a =>
            {
                a.CompanionsWelcome = true;
                a.NewcomerInfo = "Look for the walk leader in a yellow jacket.";
                a.Contacts.Add(new AssetContact { Id = Guid.CreateVersion7(), Name = "Sam", Phone = "0114 496 0000", Email = "walks@example.org" });
            })
            .SaveAsync(app);
        var lunch = await AnAsset("Friday lunch club").At(Places.SheffieldCityHall.Offset(400, 0, "Chapel hall")).Meeting(Weekday.Fri, 12, 14)
            .Costing(CostKind.Fee, 4m, CostPeriod.Session).With(a => a.AcceptingNewMembers = false).SaveAsync(app);
        var key = await app.CreateKeyAsync(Roles.Prescriber, team: "Browser team");
        var client = app.CreateClient();

        var (exit, output, errors) = await ShortlistBrowserTests.RunNodeAsync("check-find-pages.mjs", client.BaseAddress!.ToString().TrimEnd('/'), key,
            "S1 2JA", walk.Name, lunch.Name);

        Assert.True(exit == 0, $"the browser check failed (exit {exit}):\n{output}\n{errors}");
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Empty(report.GetProperty("failures").EnumerateArray());
        foreach (var journey in new[] { "js on", "js off" })
            Assert.Equal(["results", "listing", "signed in", "made", "printed"], report.GetProperty("journeys").GetProperty(journey).EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("printable page", report.GetProperty("journeys").GetProperty("keyboard").EnumerateArray().Last().GetString());
        var audited = report.GetProperty("audited").EnumerateArray().Select(a => a.GetProperty("path").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "/find", "/find/results", $"/find/listing/{walk.Id}", "/find/sign-in", "/find/shortlist" }, audited);
        Assert.Equal(14, report.GetProperty("reflow").GetArrayLength());
        var signposts = await app.WithDbAsync(db => Task.FromResult(db.Signposts.Count(s => s.Team == "Browser team")));
        Assert.Equal(2, signposts); // one per journey with a signpost chosen (JS on and off); the keyboard journey records none
    }
}
