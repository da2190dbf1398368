using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Curation;

/// <summary>The service with a tight feedback limit, so the limit can be reached in a test.</summary>
public sealed class TightFeedbackLimitApp : DirectoryApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Feedback:PerMinute", "3");
    }
}

public sealed class CurationQueueTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Fact]
    public async Task Stale_lists_only_the_callers_listings_not_verified_in_time_oldest_first_with_counts()
    {
        var mine = await AnOrganisationAsync(app, "Stale mine");
        var theirs = await AnOrganisationAsync(app, "Stale theirs");
        DateTimeOffset Ago(int days) => DateTimeOffset.UtcNow.AddDays(-days);
        var never = await AnAsset("Never verified").OwnedBy(mine).At(Places.YorkMinster).SaveAsync(app);
        var old = await AnAsset("Two years").OwnedBy(mine).At(Places.YorkMinster).With(a => a.LastVerifiedAt = Ago(730)).SaveAsync(app);
        var older = await AnAsset("Three years").OwnedBy(mine).At(Places.YorkMinster).With(a => a.LastVerifiedAt = Ago(1095)).SaveAsync(app);
        await AnAsset("Fresh").OwnedBy(mine).At(Places.YorkMinster).With(a => a.LastVerifiedAt = Ago(30)).SaveAsync(app);
        await AnAsset("Someone else's").OwnedBy(theirs).At(Places.BootleTownHall).With(a => a.LastVerifiedAt = Ago(900)).SaveAsync(app);
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [mine.Id]));

        var body = JsonDocument.Parse(await curator.GetStringAsync("/api/v1/curation/stale?older_than_days=365")).RootElement;

        Assert.Equal([never.Id, older.Id, old.Id], body.GetProperty("contents").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        var count = Assert.Single(body.GetProperty("by_organisation").EnumerateArray());
        Assert.Equal(3, count.GetProperty("count").GetInt32());
        Assert.Equal(mine.Id, count.GetProperty("organisation_id").GetGuid());
    }

    [Fact]
    public async Task Anyone_can_report_a_problem_and_the_curator_resolves_it_against_the_edit_that_fixed_it()
    {
        var organisation = await AnOrganisationAsync(app, "Feedback org");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        var other = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [Guid.NewGuid()]));
        var (created, etag) = await CreateAsync(curator, AWalk(organisation.Id, "Wrong time walk"));
        var assetId = created.GetProperty("id").GetGuid();

        using var report = await app.CreateClient().PostAsJsonAsync("/api/v1/feedback",
            new { asset_id = assetId, kind = "wrong_time", message = "It meets at 11 now" });
        var feedbackId = JsonDocument.Parse(await report.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        var queue = JsonDocument.Parse(await curator.GetStringAsync("/api/v1/curation/feedback")).RootElement;
        var othersQueue = JsonDocument.Parse(await other.GetStringAsync("/api/v1/curation/feedback")).RootElement;
        using var tooEarly = await curator.PostAsJsonAsync($"/api/v1/curation/feedback/{feedbackId}/resolve", new { note = "fixed" });
        var fix = AWalk(organisation.Id, "Wrong time walk");
        fix["schedules"]![0]!["start"] = "11:00";
        fix["schedules"]![0]!["end"] = "12:00";
        using var edit = await curator.SendAsync(WithIfMatch(HttpMethod.Put, $"/api/v1/assets/{assetId}", Json(fix), etag));
        using var resolved = await curator.PostAsJsonAsync($"/api/v1/curation/feedback/{feedbackId}/resolve", new { note = "Time corrected" });
        using var again = await curator.PostAsJsonAsync($"/api/v1/curation/feedback/{feedbackId}/dismiss", new { });
        var lastEdit = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityId == assetId).MaxAsync(e => e.Id));

        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        Assert.Contains(queue.GetProperty("contents").EnumerateArray(), f => f.GetProperty("id").GetGuid() == feedbackId);
        Assert.DoesNotContain(othersQueue.GetProperty("contents").EnumerateArray(), f => f.GetProperty("id").GetGuid() == feedbackId);
        await tooEarly.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "fixed_by_change");
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var closed = JsonDocument.Parse(await resolved.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("resolved", closed.GetProperty("status").GetString());
        Assert.Equal(lastEdit, closed.GetProperty("fixed_by_change").GetInt64());
        Assert.Equal("curator test key", closed.GetProperty("closed_by").GetString());
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("{\"asset_id\":\"00000000-0000-0000-0000-000000000000\",\"kind\":\"closed\"}", HttpStatusCode.NotFound)]
    [InlineData("{\"asset_id\":\"00000000-0000-0000-0000-000000000000\",\"kind\":\"on_fire\"}", HttpStatusCode.BadRequest)]
    public async Task Bad_reports_are_problems(string json, HttpStatusCode status)
    {
        using var response = await app.CreateClient().PostAsync("/api/v1/feedback", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(status);
    }
}

/// <summary>On its own app: every report in this class counts towards the same limit.</summary>
public sealed class FeedbackRateLimitTests(TightFeedbackLimitApp app) : IClassFixture<TightFeedbackLimitApp>
{
    [Fact]
    public async Task Reports_are_rate_limited_with_a_429_and_Retry_After()
    {
        var asset = await AnAsset("Popular").At(Places.YorkMinster).SaveAsync(app);
        var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last?.Dispose();
            last = await client.PostAsJsonAsync("/api/v1/feedback", new { asset_id = asset.Id, kind = "closed" });
            statuses.Add(last.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True(statuses.TakeWhile(s => s == HttpStatusCode.Created).Count() <= 3);
        Assert.NotNull(last!.Headers.RetryAfter);
        await last.AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }
}
