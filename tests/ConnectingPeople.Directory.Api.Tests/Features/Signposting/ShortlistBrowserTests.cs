using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Signposting;

/// <summary>The service on a real Kestrel port, so a real browser can load its pages.</summary>
public sealed class KestrelDirectoryApp : DirectoryApp
{
    public KestrelDirectoryApp() => UseKestrel(0);
}

/// <summary>
/// The printable shortlist in headless Chromium (Debian's chromium driven by playwright-core, with axe-core from npm):
/// content, no requests beyond the page, print layout on A4, and no serious or critical accessibility violation.
/// scripts/test.sh installs chromium and the npm packages in tests/browser.
/// </summary>
public sealed class ShortlistBrowserTests(KestrelDirectoryApp app) : IClassFixture<KestrelDirectoryApp>
{
    private static readonly string BrowserTests = Path.Combine(RepositoryRoot(), "tests", "browser");

    [Fact]
    public async Task The_printable_page_passes_the_content_print_and_accessibility_checks_in_chromium()
    {
        var walk = await AnAsset("Riverside health walk").At(Places.SheffieldCityHall).About("walking").Meeting(Weekday.Tue, 10, 11)
            .Costing(CostKind.Free).Accessible("wheelchair")
            .With(a =>
            {
                a.Description = "A gentle hour by the river at an easy pace, with a cuppa after.";
                a.NewcomerInfo = "Look for the walk leader in a yellow jacket.";
                a.CompanionsWelcome = true;
                a.Website = "https://example.org/walks";
                a.Contacts.Add(new AssetContact { Id = Guid.CreateVersion7(), Name = "Sam", Role = "walk leader", Phone = "0114 496 0000", Email = "walks@example.org" });
            })
            .SaveAsync(app);
        var lunch = await AnAsset("Friday lunch club").At(Places.YorkMinster).Meeting(Weekday.Fri, 12, 14).Costing(CostKind.Fee, 4m, CostPeriod.Session)
            .SaveAsync(app);
        var client = app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber));
        using var created = await client.PostAsJsonAsync("/api/v1/shortlists",
            new { items = new[] { new { asset_id = walk.Id }, new { asset_id = lunch.Id } }, note = "Try the walk first; the lunch club is lovely too." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var pageUrl = new Uri(client.BaseAddress!, JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("page_url").GetString());
        var notFoundUrl = new Uri(client.BaseAddress!, "/s/" + new string('x', 43));

        var (exit, output, errors) = await RunNodeAsync("check-shortlist-page.mjs", pageUrl.ToString(), notFoundUrl.ToString(), walk.Name, lunch.Name);

        Assert.True(exit == 0, $"the browser check failed (exit {exit}):\n{output}\n{errors}");
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Empty(report.GetProperty("failures").EnumerateArray());
        Assert.Equal([walk.Name, lunch.Name], report.GetProperty("page").GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        Assert.Equal(1, report.GetProperty("page").GetProperty("requests").GetInt32());
        Assert.True(report.GetProperty("page").GetProperty("screen").GetProperty("passes").GetInt32() > 0, "axe ran no rules");
        Assert.True(report.GetProperty("page").GetProperty("print").GetProperty("pdfPages").GetInt32() >= 1);
        var groups = report.GetProperty("page").GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(["tel:01144960000", "mailto:walks@example.org", "https://example.org/walks"],
            groups[0].GetProperty("links").EnumerateArray().Select(l => l.GetString()));
        Assert.All(groups, g => Assert.Equal(1, g.GetProperty("venueMentions").GetInt32()));
        // Timetable and next sessions in one style: "Every Tuesday, 10:00 to 11:00" and "Tuesday 8 December, 10:00 to 11:00".
        Assert.Contains("10:00", groups[0].GetProperty("times").EnumerateArray().Select(t => t.GetString()));
        Assert.True(groups[0].GetProperty("times").GetArrayLength() >= 4, "the walk's timetable and next sessions show no times");
        Assert.Equal(0, report.GetProperty("page").GetProperty("scripts").GetInt32());
        Assert.Equal(1, report.GetProperty("page").GetProperty("attributions").GetInt32());
    }

    internal static async Task<(int Exit, string Output, string Errors)> RunNodeAsync(string script, params string[] arguments)
    {
        Assert.True(System.IO.Directory.Exists(Path.Combine(BrowserTests, "node_modules", "playwright-core")),
            "tests/browser/node_modules is missing: run the tests with scripts/test.sh, which installs chromium and the npm packages.");
        var start = new ProcessStartInfo("node") { WorkingDirectory = BrowserTests, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output, await errors);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConnectingPeople.Directory.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
