using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Schedules;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Signposting;

public sealed class ShortlistTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private async Task<HttpClient> PrescriberAsync() => app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber, team: "Shortlist team"));

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task A_shortlist_is_served_by_its_unguessable_token_in_the_order_chosen_and_only_its_hash_is_kept()
    {
        var walk = await AnAsset("Shortlisted walk").At(Places.SheffieldCityHall).Meeting(Weekday.Tue, 10, 12).Costing(CostKind.Free)
            .With(a => { a.CompanionsWelcome = true; a.NewcomerInfo = "Meet by the fountain."; }).SaveAsync(app);
        var choir = await AnAsset("Shortlisted choir").At(Places.YorkMinster).Meeting(Weekday.Thu, 18, 20).SaveAsync(app);
        var client = await PrescriberAsync();

        using var response = await client.PostAsJsonAsync("/api/v1/shortlists",
            new { items = new object[] { new { asset_id = choir.Id }, new { asset_id = walk.Id } }, note = "Both are friendly. Wear comfy shoes." });
        var created = await CreatedAsync(response);
        var token = created.GetProperty("token").GetString()!;
        var anonymous = app.CreateClient();
        using var shortlist = await anonymous.GetAsync(created.GetProperty("url").GetString());
        var body = JsonDocument.Parse(await shortlist.Content.ReadAsStringAsync()).RootElement;
        var stored = await app.WithDbAsync(db => db.Shortlists.AsNoTracking().OrderByDescending(s => s.CreatedAt).FirstAsync());

        Assert.True(token.Length >= 43, $"token '{token}' is shorter than 256 bits");
        Assert.Equal(HttpStatusCode.OK, shortlist.StatusCode);
        Assert.Equal("no-store", shortlist.Headers.CacheControl?.ToString());
        Assert.Equal(["Shortlisted choir", "Shortlisted walk"], body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        var first = body.GetProperty("items")[1];
        Assert.Equal("Both are friendly. Wear comfy shoes.", body.GetProperty("note").GetString());
        Assert.Equal(3, first.GetProperty("next_sessions").GetArrayLength());
        Assert.All(first.GetProperty("next_sessions").EnumerateArray(),
            s => Assert.Equal(DayOfWeek.Tuesday, TimeZoneInfo.ConvertTime(s.GetProperty("start").GetDateTimeOffset(), ScheduleExpander.London).DayOfWeek));
        Assert.True(first.GetProperty("is_free").GetBoolean());
        Assert.True(first.GetProperty("companions_welcome").GetBoolean());
        Assert.Equal("Meet by the fountain.", first.GetProperty("what_to_expect").GetString());
        Assert.Contains(Places.SheffieldCityHall.Postcode, first.GetProperty("how_to_get_there").GetString());
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), stored.TokenHash);
        Assert.Equal("Shortlist team", stored.Team);
        Assert.InRange(stored.ExpiresAt - stored.CreatedAt, TimeSpan.FromDays(90), TimeSpan.FromDays(90));
    }

    [Fact]
    public async Task An_unknown_or_expired_token_gets_a_plain_404_page()
    {
        var asset = await AnAsset("Expiring group").At(Places.BootleTownHall).SaveAsync(app);
        var client = await PrescriberAsync();
        var created = await CreatedAsync(await client.PostAsJsonAsync("/api/v1/shortlists", new { items = new[] { new { asset_id = asset.Id } }, expires_in_days = 1 }));
        var token = created.GetProperty("token").GetString()!;
        using var before = await app.CreateClient().GetAsync($"/s/{token}");
        await app.WithDbAsync(db => db.Shortlists.Where(s => s.Team == "Shortlist team" && s.ExpiresAt < DateTimeOffset.UtcNow.AddDays(2))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));

        using var browser = app.CreateClient();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        using var expiredPage = await browser.GetAsync($"/s/{token}");
        using var expiredJson = await app.CreateClient().GetAsync($"/api/v1/shortlists/{token}");
        var unknown = $"/s/{Convert.ToHexString(RandomNumberGenerator.GetBytes(32))}";
        using var unknownPage = await browser.GetAsync(unknown);
        using var unknownForAProgram = await app.CreateClient().GetAsync(unknown);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, expiredPage.StatusCode);
        Assert.Equal("text/html", expiredPage.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Expiring group", await expiredPage.Content.ReadAsStringAsync());
        await expiredJson.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, unknownPage.StatusCode);
        Assert.Contains("<h1>", await unknownPage.Content.ReadAsStringAsync());
        await unknownForAProgram.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_page_carries_the_details_and_loads_nothing_from_elsewhere()
    {
        var asset = await AnAsset("Printable lunch club").At(Places.SeftonParkPalmHouse).Meeting(Weekday.Wed, 12, 14)
            .Costing(CostKind.Fee, 3.5m, CostPeriod.Session).Accessible("wheelchair").SaveAsync(app);
        var client = await PrescriberAsync();
        var created = await CreatedAsync(await client.PostAsJsonAsync("/api/v1/shortlists", new { items = new[] { new { asset_id = asset.Id } } }));

        using var page = await app.CreateClient().GetAsync(created.GetProperty("page_url").GetString());
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html lang=\"en-GB\">", html);
        Assert.Contains("Printable lunch club", html);
        Assert.Contains(Places.SeftonParkPalmHouse.Postcode, html);
        Assert.Contains("£3.50", html);
        Assert.Contains("Wednesday", html);
        Assert.Contains("@media print", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("src=\"https://", html);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Bad_shortlists_are_refused_naming_the_field_and_nothing_is_stored()
    {
        var asset = await AnAsset("Refused group").At(Places.YorkMinster).SaveAsync(app);
        var other = await AnAsset("Other venue group").At(Places.SheffieldCityHall).SaveAsync(app);
        var client = await PrescriberAsync();
        var before = await app.WithDbAsync(db => db.Shortlists.CountAsync());
        var eleven = Enumerable.Range(0, 11).Select(_ => new { asset_id = Guid.NewGuid() }).ToArray();

        using var empty = await client.PostAsJsonAsync("/api/v1/shortlists", new { items = Array.Empty<object>() });
        using var tooMany = await client.PostAsJsonAsync("/api/v1/shortlists", new { items = eleven });
        using var unknown = await client.PostAsJsonAsync("/api/v1/shortlists", new { items = new[] { new { asset_id = Guid.NewGuid() } } });
        using var personal = await client.PostAsJsonAsync("/api/v1/shortlists",
            new { items = new[] { new { asset_id = asset.Id } }, note = "Call Jo on 07700 900123" });
        using var wrongVenue = await client.PostAsJsonAsync("/api/v1/shortlists",
            new { items = new[] { new { asset_id = asset.Id, location_id = other.Locations.Single().LocationId } } });
        using var forever = await client.PostAsJsonAsync("/api/v1/shortlists", new { items = new[] { new { asset_id = asset.Id } }, expires_in_days = 3650 });
        using var anonymous = await app.CreateClient().PostAsJsonAsync("/api/v1/shortlists", new { items = new[] { new { asset_id = asset.Id } } });

        await empty.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "items");
        await tooMany.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "items");
        await unknown.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "items[0].asset_id");
        await personal.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "note");
        await wrongVenue.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "items[0].location_id");
        await forever.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "expires_in_days");
        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(before, await app.WithDbAsync(db => db.Shortlists.CountAsync()));
    }

    [Fact]
    public async Task A_listing_withdrawn_after_the_shortlist_was_made_is_left_out_and_counted()
    {
        var kept = await AnAsset("Still running").At(Places.SheffieldCityHall).SaveAsync(app);
        var gone = await AnAsset("Withdrawn since").At(Places.SheffieldCityHall).SaveAsync(app);
        var client = await PrescriberAsync();
        var created = await CreatedAsync(await client.PostAsJsonAsync("/api/v1/shortlists",
            new { items = new[] { new { asset_id = kept.Id }, new { asset_id = gone.Id } } }));
        await app.WithDbAsync(db => db.Assets.Where(a => a.Id == gone.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.DeletedAt, DateTimeOffset.UtcNow)));

        var body = JsonDocument.Parse(await app.CreateClient().GetStringAsync(created.GetProperty("url").GetString())).RootElement;

        Assert.Equal(["Still running"], body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(1, body.GetProperty("no_longer_listed").GetInt32());
    }

    [Fact]
    public async Task A_group_not_taking_new_members_or_closed_is_warned_about_per_item_and_the_page_says_so_plainly()
    {
        var open = await AnAsset("Open walk").At(Places.SheffieldCityHall).Meeting(Weekday.Tue, 10, 12).SaveAsync(app);
        var full = await AnAsset("Full choir").At(Places.SheffieldCityHall).Meeting(Weekday.Thu, 18, 20)
            .With(a => a.AcceptingNewMembers = false).SaveAsync(app);
        var paused = await AnAsset("Paused lunch club").At(Places.SheffieldCityHall).Meeting(Weekday.Wed, 12, 14)
            .WithStatus(AssetStatus.TemporarilyClosed).SaveAsync(app);
        var client = await PrescriberAsync();

        var created = await CreatedAsync(await client.PostAsJsonAsync("/api/v1/shortlists",
            new { items = new[] { new { asset_id = open.Id }, new { asset_id = full.Id }, new { asset_id = paused.Id } } }));
        var body = JsonDocument.Parse(await app.CreateClient().GetStringAsync(created.GetProperty("url").GetString())).RootElement;
        var html = await app.CreateClient().GetStringAsync(created.GetProperty("page_url").GetString());
        var items = body.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        var warnings = created.GetProperty("warnings").EnumerateArray().ToList();

        Assert.Equal([1, 2], warnings.Select(w => w.GetProperty("item").GetInt32()));
        Assert.Equal([full.Id, paused.Id], warnings.Select(w => w.GetProperty("asset_id").GetGuid()));
        Assert.Contains("isn't taking new members", warnings[0].GetProperty("warning").GetString(), StringComparison.Ordinal);
        Assert.Contains("closed", warnings[1].GetProperty("warning").GetString(), StringComparison.Ordinal);
        Assert.True(items["Open walk"].GetProperty("accepting_new_members").GetBoolean());
        Assert.False(items["Full choir"].GetProperty("accepting_new_members").GetBoolean());
        Assert.Equal(0, items["Paused lunch club"].GetProperty("next_sessions").GetArrayLength());
        Assert.Equal(3, items["Open walk"].GetProperty("next_sessions").GetArrayLength());
        var fullSection = Section(html, "Full choir");
        Assert.Contains("isn't taking new members just now", fullSection, StringComparison.Ordinal);
        Assert.Contains("waiting list", fullSection, StringComparison.Ordinal);
        Assert.DoesNotContain("Next sessions", Section(html, "Paused lunch club"), StringComparison.Ordinal);
        Assert.Contains("Next sessions", Section(html, "Open walk"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task How_to_join_is_a_line_of_its_own_apart_from_the_groups_own_words_for_newcomers()
    {
        var asset = await AnAsset("Booked pottery").At(Places.SheffieldCityHall).With(a => { a.HowToJoin = HowToJoin.Booking; a.NewcomerInfo = "Aprons provided."; })
            .SaveAsync(app);
        var client = await PrescriberAsync();

        var created = await CreatedAsync(await client.PostAsJsonAsync("/api/v1/shortlists", new { items = new[] { new { asset_id = asset.Id } } }));
        var item = JsonDocument.Parse(await app.CreateClient().GetStringAsync(created.GetProperty("url").GetString())).RootElement.GetProperty("items")[0];
        var html = await app.CreateClient().GetStringAsync(created.GetProperty("page_url").GetString());

        Assert.Equal("You need to book a place first.", item.GetProperty("joining").GetString());
        Assert.Equal("Aprons provided.", item.GetProperty("what_to_expect").GetString());
        Assert.Contains("<dt>How to join</dt><dd>You need to book a place first.</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>Aprons provided.</dd>", html, StringComparison.Ordinal);
    }

    /// <summary>The page's section for one group, from its heading to the next.</summary>
    private static string Section(string html, string name)
    {
        var start = html.IndexOf($"<h2>{name}</h2>", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section for {name}");
        var end = html.IndexOf("<section", start, StringComparison.Ordinal);
        return end < 0 ? html[start..] : html[start..end];
    }
}
