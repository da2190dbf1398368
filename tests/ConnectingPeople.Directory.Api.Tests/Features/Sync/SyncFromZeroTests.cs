using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Tests.Features.Signposting;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Sync;

/// <summary>
/// A third party copying the directory from nothing: through the changes feed from cursor 0, and through the
/// OpenActive RPDE feed from its first page (walked by @openactive/rpde-validator too). Both must name every listing.
/// </summary>
public sealed class SyncFromZeroTests(KestrelDirectoryApp app) : IClassFixture<KestrelDirectoryApp>
{
    [Fact]
    public async Task A_copy_synced_from_cursor_0_names_every_listing_organisation_and_venue_in_the_database()
    {
        await AnAsset("Synced walk").At(Places.NewSpot()).SaveAsync(app);
        var named = new HashSet<(string, Guid)>();
        long cursor = 0;
        for (var more = true; more;)
        {
            var page = await app.GetJsonAsync<JsonElement>($"/api/v1/changes?since={cursor}&limit=1000");
            foreach (var change in page.GetProperty("changes").EnumerateArray())
                named.Add((change.GetProperty("entity_type").GetString()!, change.GetProperty("entity_id").GetGuid()));
            cursor = page.GetProperty("next_cursor").GetInt64();
            more = page.GetProperty("has_more").GetBoolean();
        }

        var expected = await app.WithDbAsync(async db =>
            (await db.Assets.IgnoreQueryFilters().Select(a => a.Id).ToListAsync()).Select(id => ("asset", id))
            .Concat((await db.Organisations.IgnoreQueryFilters().Select(o => o.Id).ToListAsync()).Select(id => ("organisation", id)))
            .Concat((await db.Locations.IgnoreQueryFilters().Select(l => l.Id).ToListAsync()).Select(id => ("location", id))).ToList());
        Assert.NotEmpty(expected);
        var missing = expected.Where(e => !named.Contains(e)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {expected.Count} records never appear in the feed, e.g. {string.Join(", ", missing.Take(3))}");
    }

    [Fact]
    public async Task A_cursor_past_the_newest_change_is_refused()
    {
        var head = await app.WithDbAsync(db => db.AuditEntries.MaxAsync(e => (long?)e.Id)) ?? 0;
        using var response = await app.CreateClient().GetAsync($"/api/v1/changes?since={head + 1}");
        await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "since");
    }

    [Fact]
    public async Task The_RPDE_feed_from_its_first_page_has_every_listing_once_in_modified_order_with_deletions_as_tombstones()
    {
        var kept = await AnAsset("RPDE kept walk").At(Places.NewSpot()).SaveAsync(app);
        var gone = await AnAsset("RPDE deleted walk").At(Places.NewSpot()).SaveAsync(app);
        await app.WithDbAsync(db => db.Assets.Where(a => a.Id == gone.Id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.DeletedAt, DateTimeOffset.UtcNow).SetProperty(a => a.UpdatedAt, DateTimeOffset.UtcNow)));

        var items = new List<JsonElement>();
        var url = "/api/v1/feeds/listings";
        while (true)
        {
            var page = await app.GetJsonAsync<JsonElement>(url);
            var next = new Uri(page.GetProperty("next").GetString()!).PathAndQuery;
            var batch = page.GetProperty("items").EnumerateArray().ToList();
            if (batch.Count == 0) { Assert.Equal(url, next); break; }
            items.AddRange(batch);
            url = next;
        }

        var keys = items.Select(i => (i.GetProperty("modified").GetInt64(), i.GetProperty("id").GetString()!)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(keys, keys.OrderBy(k => k.Item1).ThenBy(k => Guid.Parse(k.Item2), Comparer<Guid>.Create(PostgresOrder)).ToList());
        var all = await app.WithDbAsync(db => db.Assets.IgnoreQueryFilters().Select(a => a.Id.ToString()).ToListAsync());
        Assert.Equal(all.Order(), items.Select(i => i.GetProperty("id").GetString()!).Order());
        var keptItem = items.Single(i => i.GetProperty("id").GetString() == kept.Id.ToString());
        Assert.Equal("updated", keptItem.GetProperty("state").GetString());
        Assert.Equal(kept.Name, keptItem.GetProperty("data").GetProperty("name").GetString());
        var goneItem = items.Single(i => i.GetProperty("id").GetString() == gone.Id.ToString());
        Assert.Equal("deleted", goneItem.GetProperty("state").GetString());
        Assert.False(goneItem.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task The_OpenActive_RPDE_validator_finds_no_failure_in_the_listings_feed()
    {
        await AnAsset("Validated walk").At(Places.NewSpot()).SaveAsync(app);
        var feed = new Uri(app.CreateClient().BaseAddress!, "/api/v1/feeds/listings");
        var tools = Path.Combine(Path.GetDirectoryName(Contract.DocumentPath)!, "..", "tests", "contract");
        Assert.True(System.IO.Directory.Exists(Path.Combine(tools, "node_modules", "@openactive", "rpde-validator")),
            "tests/contract/node_modules is missing: run the tests with scripts/test.sh, which installs the contract tools.");
        var start = new ProcessStartInfo("node") { WorkingDirectory = tools, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("check-rpde.js");
        start.ArgumentList.Add(feed.ToString());
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        Assert.True(process.ExitCode == 0, $"the RPDE validator failed (exit {process.ExitCode}):\n{await output}\n{await errors}");
        Assert.True(JsonDocument.Parse(await output).RootElement.GetProperty("pages").GetInt32() >= 1);
    }

    /// <summary>PostgreSQL compares uuids byte by byte, as their text reads; .NET's Guid.CompareTo does not.</summary>
    private static int PostgresOrder(Guid a, Guid b) => string.CompareOrdinal(a.ToString(), b.ToString());
}
