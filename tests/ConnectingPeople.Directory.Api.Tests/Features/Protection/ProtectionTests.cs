using System.Net;
using System.Net.Http.Json;
using System.Text;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ConnectingPeople.Directory.Api.Tests.Features.Protection;

public sealed class ProtectionTests(ProtectionTests.LimitedApp app) : IClassFixture<ProtectionTests.LimitedApp>
{
    /// <summary>Small limits and one configured write origin, so the tests can reach them.</summary>
    public sealed class LimitedApp : DirectoryApp
    {
        public const string WriteOrigin = "https://curation.example-cvs.org.uk";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Protection:AnonymousPerMinute", "4");
            builder.UseSetting("Protection:KeyPerMinute", "6");
            builder.UseSetting("Protection:MaxBodyBytes", "4096");
            builder.UseSetting("Protection:WriteOrigins:0", WriteOrigin);
        }
    }

    public static TheoryData<string, string> Responses => new()
    {
        { "GET", "/api/v1/search?postcode=S1%202HE" },
        { "GET", $"/api/v1/assets/{Guid.NewGuid()}" },
        { "GET", "/api/v1/search?radius_km=lots" },
        { "POST", "/api/v1/assets" },
        { "GET", "/openreferral/services" },
        { "GET", "/swagger/index.html" },
        { "GET", "/health/live" },
        { "GET", "/no/such/route" },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Every_response_carries_the_security_headers_and_forbids_framing(string method, string url)
    {
        // A key of its own per request: this class's anonymous limit is tiny.
        using var client = app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber));
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method == "POST" ? JsonContent.Create(new { name = "x" }) : null,
        });

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Reads_are_open_to_any_origin_and_writes_only_to_configured_origins()
    {
        using var client = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));

        using var read = await client.SendAsync(WithOrigin(new HttpRequestMessage(HttpMethod.Get, "/api/v1/taxonomies"), "https://any-app.example"));
        using var readPreflight = await client.SendAsync(Preflight("/api/v1/search", "GET", "https://any-app.example"));
        using var writeFromElsewhere = await client.SendAsync(Preflight("/api/v1/assets", "POST", "https://any-app.example"));
        using var writeFromCurators = await client.SendAsync(Preflight("/api/v1/assets", "POST", LimitedApp.WriteOrigin));
        using var deleteFromCurators = await client.SendAsync(Preflight($"/api/v1/assets/{Guid.NewGuid()}", "DELETE", LimitedApp.WriteOrigin));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("*", read.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("*", readPreflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(writeFromElsewhere.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(LimitedApp.WriteOrigin, writeFromCurators.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", writeFromCurators.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal(LimitedApp.WriteOrigin, deleteFromCurators.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Each_key_has_its_own_rate_limit_and_the_429_says_when_to_retry()
    {
        using var first = app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber));
        using var second = app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await first.GetAsync("/api/v1/taxonomies");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
                var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(retryAfter, 1, 60);
            }
        }
        using var other = await second.GetAsync("/api/v1/taxonomies");
        using var health = await first.GetAsync("/health/live");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 6), HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem_but_an_import_may_be_larger()
    {
        using var client = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        var big = new string('x', 10_000);

        using var write = await client.PostAsJsonAsync("/api/v1/organisations", new { name = big });
        var csv = "name,summary\n" + string.Join("\n", Enumerable.Range(0, 200).Select(i => $"Group {i},{new string('y', 60)}"));
        using var import = await client.PostAsync("/api/v1/imports?format=csv&dry_run=true", new StringContent(csv, Encoding.UTF8, "text/csv"));

        await write.AssertProblemNamingAsync(HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.True(Encoding.UTF8.GetByteCount(csv) > 4096);
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, import.StatusCode);
        Assert.True((int)import.StatusCode < 500, $"import answered {(int)import.StatusCode}");
    }

    [Fact]
    public async Task JSON_nested_deeper_than_the_limit_is_a_400_problem()
    {
        var asset = await AssetBuilder.AnAsset("Deeply patched").At(Places.NewSpot()).SaveAsync(app);
        using var client = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        string Nested(int depth) => $$"""{"summary":{{new string('[', depth)}}{{new string(']', depth)}}}""";

        // A merge patch is read as free-form JSON, so only the depth limit stands between it and the parser.
        using var tooDeep = await client.PatchAsync($"/api/v1/assets/{asset.Id}", new StringContent(Nested(40), Encoding.UTF8, "application/merge-patch+json"));
        using var shallow = await client.PatchAsync($"/api/v1/assets/{asset.Id}", new StringContent(Nested(3), Encoding.UTF8, "application/merge-patch+json"));

        var problem = await tooDeep.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("depth", problem.ToString(), StringComparison.OrdinalIgnoreCase);
        // The same shape three deep is refused for other reasons (no If-Match, a list for a text field), not its depth.
        Assert.DoesNotContain("depth", await shallow.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private static HttpRequestMessage WithOrigin(HttpRequestMessage request, string origin)
    {
        request.Headers.Add("Origin", origin);
        return request;
    }

    private static HttpRequestMessage Preflight(string url, string method, string origin)
    {
        var request = WithOrigin(new HttpRequestMessage(HttpMethod.Options, url), origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }
}

/// <summary>Anonymous callers share a limit per client address.</summary>
public sealed class AnonymousRateLimitTests(ProtectionTests.LimitedApp app) : IClassFixture<ProtectionTests.LimitedApp>
{
    [Fact]
    public async Task Anonymous_callers_are_limited_per_client_with_a_retry_after()
    {
        using var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await client.GetAsync("/api/v1/taxonomies");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
            else response.Dispose();
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 4), HttpStatusCode.TooManyRequests], statuses);
        await limited!.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited!.Headers.Contains("Retry-After"));
        limited.Dispose();
    }
}
