using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Pages;

/// <summary>The link workers' pages through HTTP: escaping, sign-in and its cookie, antiforgery, errors, the journey to a printed list.</summary>
public sealed class PageTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private const string Hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&";

    [Fact]
    public async Task A_listing_with_markup_in_every_field_is_shown_as_text_on_its_page_and_in_results()
    {
        var asset = await AnAsset("Walk " + Hostile).At(Places.SheffieldCityHall with { Name = "Hall " + Hostile }).Meeting(Weekday.Wed, 10, 11)
            .Costing(CostKind.Fee, 2m, CostPeriod.Session).About("gardening")
            .With(a =>
            {
                a.Summary = "Summary " + Hostile;
                a.Description = "Description " + Hostile;
                a.NewcomerInfo = "Newcomers " + Hostile;
                a.Website = "https://example.org/?q=" + Hostile;
                a.Costs[0].Description = "Cost " + Hostile;
                a.Contacts.Add(new AssetContact { Id = Guid.CreateVersion7(), Name = "Name " + Hostile, Role = "Role " + Hostile, Phone = "0114 496 0000 " + Hostile, Email = "a@example.org" + Hostile });
            })
            .SaveAsync(app);
        var client = new PageClient(app);

        var listing = await client.PageAsync($"/find/listing/{asset.Id}");
        var results = await client.PageAsync("/find/results?postcode=S1+2JA&radius_km=1&interests=gardening");

        foreach (var page in new[] { listing, results })
        {
            Assert.DoesNotContain("<script>alert", page);
            Assert.DoesNotContain("<img src=x", page);
            Assert.Contains(Api.Features.Pages.Html.Encode("Walk " + Hostile), page);
        }
        foreach (var field in new[] { "Summary ", "Description ", "Newcomers ", "Name ", "Role ", "Hall " })
            Assert.Contains(Api.Features.Pages.Html.Encode(field + Hostile), listing);
        Assert.Contains("href=\"tel:01144960000", listing);
        Assert.Contains("href=\"mailto:a@example.org&lt;script&gt;", listing);
    }

    [Fact]
    public async Task A_signed_out_user_can_search_but_not_shortlist()
    {
        var asset = await AnAsset("Signed-out search walk").At(Places.SheffieldCityHall).About("walking").SaveAsync(app);
        var client = new PageClient(app);

        var results = await client.PageAsync("/find/results?postcode=S1+2JA&radius_km=1&interests=walking");
        Assert.Contains("Signed-out search walk", results);
        Assert.Contains("Sign in to add groups to a shortlist", results);
        Assert.DoesNotContain("/find/shortlist/add", results);

        var listing = await client.PageAsync($"/find/listing/{asset.Id}"); // signed out, only its report form has a token
        Assert.Contains("Sign in to add groups to a shortlist", listing);
        var (add, _) = await client.PostAsync("/find/shortlist/add", listing, ("asset_id", asset.Id.ToString()), ("back", "/find"));
        Assert.Equal(HttpStatusCode.SeeOther, add.StatusCode);
        Assert.StartsWith("/find/sign-in", add.Headers.Location!.OriginalString);
        var (shortlist, _) = await client.GetAsync("/find/shortlist");
        Assert.Equal(HttpStatusCode.SeeOther, shortlist.StatusCode);
        Assert.Equal("/find/sign-in?return=%2Ffind%2Fshortlist", shortlist.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_sign_in_cookie_is_HttpOnly_Secure_SameSite_Strict_encrypted_and_the_key_is_nowhere_else()
    {
        var key = await app.CreateKeyAsync(Roles.Prescriber);
        var client = new PageClient(app);
        var form = await client.PageAsync("/find/sign-in");
        Assert.Contains("type=\"password\"", form);

        var (response, body) = await client.PostAsync("/find/sign-in", form, ("key", key), ("return", "/find/results?postcode=S1+2JA"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/find/results?postcode=S1+2JA", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cpd_signin=", StringComparison.Ordinal));
        var flags = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(f => f.ToLowerInvariant()).ToList();
        Assert.Contains("secure", flags);
        Assert.Contains("httponly", flags);
        Assert.Contains("samesite=strict", flags);
        Assert.Contains("path=/find", flags);
        Assert.DoesNotContain(key, cookie);
        Assert.DoesNotContain(key, body);
        Assert.DoesNotContain(key, await client.PageAsync("/find"));
        Assert.Contains("Test link workers", await client.PageAsync("/find"));
    }

    [Fact]
    public async Task A_wrong_key_or_a_curator_key_does_not_sign_in_and_says_so_by_the_field()
    {
        var curator = await app.CreateKeyAsync(Roles.Curator);
        foreach (var key in new[] { "cpd_not-a-key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", curator, "" })
        {
            var client = new PageClient(app);
            var (response, body) = await client.PostAsync("/find/sign-in", await client.PageAsync("/find/sign-in"), ("key", key));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("cpd_signin=", StringComparison.Ordinal));
            Assert.Contains("<a href=\"#key\">", body);
            Assert.Contains("id=\"key-error\"", body);
            if (key.Length > 0) Assert.DoesNotContain(key, body);
        }
    }

    [Fact]
    public async Task A_cross_site_form_post_is_refused_even_with_the_sign_in_cookie()
    {
        var asset = await AnAsset("Cross-site walk").At(Places.SheffieldCityHall).SaveAsync(app);
        var client = new PageClient(app);
        await client.SignInAsync(await app.CreateKeyAsync(Roles.Prescriber));
        var other = new PageClient(app);
        var otherPage = await other.PageAsync("/find/sign-in"); // a token that belongs to another browser's antiforgery cookie

        foreach (var page in new[] { null, otherPage })
        {
            var (response, body) = await client.PostAsync("/find/shortlist/add", page, ("asset_id", asset.Id.ToString()));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("This form was not accepted", body);
        }
        Assert.DoesNotContain("Cross-site walk", await client.PageAsync("/find/shortlist"));
        var (signOut, _) = await client.PostAsync("/find/sign-out", null);
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
    }

    [Theory]
    [InlineData("not a postcode", HttpStatusCode.BadRequest, "Postcode is not a UK postcode")]
    [InlineData("ZZ9 9ZZ", HttpStatusCode.NotFound, "We cannot find this postcode")]
    [InlineData("", HttpStatusCode.BadRequest, "Enter a postcode")]
    public async Task A_bad_postcode_shows_the_error_summary_linked_to_the_field(string postcode, HttpStatusCode status, string message)
    {
        var (response, body) = await new PageClient(app).GetAsync($"/find/results?postcode={Uri.EscapeDataString(postcode)}&radius_km=3");

        Assert.Equal(status, response.StatusCode);
        Assert.Contains("class=\"nhsuk-error-summary\"", body);
        Assert.Contains($"<a href=\"#postcode\">{message}", body);
        Assert.Contains("id=\"postcode\" name=\"postcode\"", body);
        Assert.Contains("aria-describedby=\"postcode-hint postcode-error\"", body);
        Assert.Contains("<title>Error: ", body);
    }

    [Fact]
    public async Task A_link_with_a_control_character_is_a_page_saying_so_not_json()
    {
        var (response, body) = await new PageClient(app).GetAsync("/find/results?postcode=S1%002JA&radius_km=3");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("class=\"nhsuk-error-summary\"", body);
        Assert.Contains("postcode ", body);
        Assert.Contains("href=\"/find\"", body);
        // The API itself still answers a program with a problem.
        using var api = await app.CreateClient().GetAsync("/api/v1/search?postcode=S1%002JA");
        await api.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "postcode");
    }

    [Fact]
    public async Task Nothing_within_the_distance_says_how_far_the_nearest_match_is()
    {
        var far = await AnAsset("Far nordic walk").At(Places.SheffieldCityHall.Offset(7_000, 0, "Far hall")).About("nordic_walking").SaveAsync(app);
        var nearest = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/v1/search?postcode=S1+2JA&nearest=1&interests=nordic_walking"))
            .RootElement.GetProperty("contents")[0];
        Assert.Equal(far.Id, nearest.GetProperty("id").GetGuid());

        var page = await new PageClient(app).PageAsync("/find/results?postcode=S1+2JA&radius_km=3&interests=nordic_walking");

        var km = (nearest.GetProperty("distance_m").GetDouble() / 1000).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("No groups found within 3 km of S1 2JA", page);
        Assert.Contains($"The nearest that does is {km} km away", page);
        Assert.Contains($"/find/listing/{far.Id}", page);
    }

    [Fact]
    public async Task The_results_link_to_the_same_search_as_CSV_and_GeoJSON_and_say_who_is_not_taking_new_members()
    {
        await AnAsset("Full choir").At(Places.SheffieldCityHall).About("choir").With(a => { a.AcceptingNewMembers = false; a.CompanionsWelcome = true; }).SaveAsync(app);
        var client = new PageClient(app);

        var page = await client.PageAsync("/find/results?postcode=S1+2JA&radius_km=2&interests=choir&day=&free=");

        Assert.Contains("Not taking new members just now", page);
        Assert.Contains("Welcome to bring a friend, family member or carer", page);
        var csv = System.Text.RegularExpressions.Regex.Match(page, "href=\"(/api/v1/search\\?[^\"]+format=csv)\"").Groups[1].Value;
        var csvUrl = System.Net.WebUtility.HtmlDecode(csv);
        using var download = await app.CreateClient().GetAsync(csvUrl);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Full choir", await download.Content.ReadAsStringAsync());
        Assert.Contains(System.Net.WebUtility.HtmlEncode(csvUrl.Replace("format=csv", "format=geojson")), page);
    }

    [Fact]
    public async Task A_link_worker_goes_from_postcode_to_a_printable_shortlist_with_signposts_and_the_guard_on_the_note()
    {
        var walk = await AnAsset("Journey walk").At(Places.SheffieldCityHall).About("health_walks").Meeting(Weekday.Tue, 10, 11).SaveAsync(app);
        var lunch = await AnAsset("Journey lunch").At(Places.SheffieldCityHall.Offset(300, 0)).About("health_walks").SaveAsync(app);
        var client = new PageClient(app);
        await client.SignInAsync(await app.CreateKeyAsync(Roles.Prescriber, team: "Journey team"));

        var results = await client.PageAsync("/find/results?postcode=S1+2JA&radius_km=1&interests=health_walks");
        foreach (var asset in new[] { walk, lunch })
        {
            var (added, _) = await client.PostAsync("/find/shortlist/add", results, ("asset_id", asset.Id.ToString()), ("back", "/find/results?postcode=S1+2JA"));
            Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
            Assert.Equal("/find/results?postcode=S1+2JA", added.Headers.Location!.OriginalString);
        }
        var shortlist = await client.PageAsync("/find/shortlist");
        Assert.Contains("Journey walk", shortlist);
        Assert.Contains("Journey lunch", shortlist);

        var (refused, refusedBody) = await client.PostAsync("/find/shortlist", shortlist, ("note", "NHS number 943 476 5919"), ("reference", ""));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("<a href=\"#note\">The note looks like an NHS number", refusedBody);
        Assert.Contains("id=\"note-error\"", refusedBody);

        var (made, page) = await client.PostAsync("/find/shortlist", refusedBody, ("note", "Try the walk first."), ("reference", "CASE-2041"),
            ($"signpost_{walk.Id}", "Introduced"), ($"signpost_{lunch.Id}", ""));
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        Assert.Contains("Shortlist made", page);
        Assert.Contains("1 signpost recorded", page);
        var link = System.Text.RegularExpressions.Regex.Match(page, "href=\"(/s/[A-Za-z0-9_-]+)\"").Groups[1].Value;
        var printable = await client.PageAsync(link);
        Assert.Contains("Journey walk", printable);
        Assert.Contains("Try the walk first.", printable);

        var signposts = await app.WithDbAsync(db => db.Signposts.Where(s => s.Team == "Journey team").ToListAsync());
        var signpost = Assert.Single(signposts);
        Assert.Equal((walk.Id, SignpostSupport.Introduced, "CASE-2041"), (signpost.AssetId, signpost.Support, signpost.Reference));
        Assert.Contains("There is nothing on your shortlist yet", await client.PageAsync("/find/shortlist"));
    }

    [Fact]
    public async Task Report_a_problem_posts_to_the_feedback_queue_and_asks_for_details_when_needed()
    {
        var asset = await AnAsset("Reported walk").At(Places.SheffieldCityHall).SaveAsync(app);
        var client = new PageClient(app);
        var listing = await client.PageAsync($"/find/listing/{asset.Id}");

        var (missing, missingBody) = await client.PostAsync($"/find/listing/{asset.Id}/report", listing, ("kind", "Other"), ("message", ""));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("<a href=\"#message\">Details is required", missingBody);
        var (sent, sentBody) = await client.PostAsync($"/find/listing/{asset.Id}/report", listing, ("kind", "WrongTime"), ("message", "Now on Thursdays"));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("Thank you", sentBody);

        var feedback = await app.WithDbAsync(db => db.Feedback.Where(f => f.AssetId == asset.Id).ToListAsync());
        Assert.Equal((FeedbackKind.WrongTime, "Now on Thursdays"), (Assert.Single(feedback).Kind, feedback[0].Message));
        var (crossSite, _) = await new PageClient(app).PostAsync($"/find/listing/{asset.Id}/report", null, ("kind", "Closed"));
        Assert.Equal(HttpStatusCode.BadRequest, crossSite.StatusCode);
    }

    [Fact]
    public async Task Pages_serve_their_styles_themselves_under_a_strict_policy_and_stay_out_of_the_OpenAPI_document()
    {
        var (response, body) = await new PageClient(app).GetAsync("/find");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.DoesNotContain("<style", body);
        Assert.DoesNotMatch("<script>|<script [^>]*>[^<]", body);
        Assert.Contains("href=\"#maincontent\"", body);
        foreach (var asset in System.Text.RegularExpressions.Regex.Matches(body, "(?:href|src)=\"(/find/assets/[^\"]+)\"").Select(m => m.Groups[1].Value))
        {
            using var file = await app.CreateClient().GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.DoesNotContain("https://", await file.Content.ReadAsStringAsync());
        }
        var openApi = await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json");
        Assert.DoesNotContain("\"/find", openApi);
    }

    [Fact]
    public async Task Pages_Enabled_false_leaves_only_the_API()
    {
        using var apiOnly = app.WithWebHostBuilder(b => b.UseSetting("Pages:Enabled", "false"));
        using var client = apiOnly.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/find")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/search?postcode=S1+2JA")).StatusCode);
    }
}
