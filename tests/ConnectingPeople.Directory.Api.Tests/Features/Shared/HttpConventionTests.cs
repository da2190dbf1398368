using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConnectingPeople.Directory.Api.Data.Entities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Shared;

/// <summary>HTTP as clients, caches and GIS tools expect it, on every endpoint rather than one by one.</summary>
public sealed class HttpConventionTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Json_GeoJson_and_csv_are_compressed_for_clients_that_ask(string encoding)
    {
        var spot = Places.NewSpot();
        await AnAsset("Compressed walk").At(spot).SaveAsync(app);
        var client = app.CreateClient();
        foreach (var format in new[] { "json", "geojson", "csv" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/search?latitude={spot.Latitude}&longitude={spot.Longitude}&radius_km=1&format={format}");
            request.Headers.AcceptEncoding.ParseAdd(encoding);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
            await using var raw = await response.Content.ReadAsStreamAsync();
            await using Stream decoded = encoding == "br" ? new BrotliStream(raw, CompressionMode.Decompress) : new GZipStream(raw, CompressionMode.Decompress);
            Assert.Contains("Compressed walk", await new StreamReader(decoded).ReadToEndAsync());
        }
    }

    [Fact]
    public async Task A_listing_an_organisation_and_ORUK_reads_answer_304_to_the_ETag_they_gave()
    {
        var asset = await AnAsset("Conditional walk").At(Places.NewSpot()).SaveAsync(app);
        var client = app.CreateClient();
        foreach (var url in new[] { $"/api/v1/assets/{asset.Id}", $"/api/v1/organisations/{asset.OrganisationId}", $"/openreferral/services/{asset.Id}", "/openreferral/services?per_page=5" })
        {
            using var first = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var etag = first.Headers.ETag;
            Assert.NotNull(etag);

            using var again = new HttpRequestMessage(HttpMethod.Get, url);
            again.Headers.IfNoneMatch.Add(etag);
            using var notModified = await client.SendAsync(again);
            Assert.True(HttpStatusCode.NotModified == notModified.StatusCode, $"{url} answered {(int)notModified.StatusCode} to If-None-Match {etag}");
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

            using var stale = new HttpRequestMessage(HttpMethod.Get, url);
            stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"not-the-current-one\""));
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stale)).StatusCode);
        }
    }

    [Fact]
    public async Task Anonymous_reads_may_be_cached_publicly_for_a_minute_and_anything_with_a_key_never()
    {
        var asset = await AnAsset("Cached walk").At(Places.NewSpot()).SaveAsync(app);
        using var anonymous = await app.CreateClient().GetAsync($"/api/v1/assets/{asset.Id}");
        Assert.True(anonymous.Headers.CacheControl is { Public: true, MaxAge.TotalSeconds: 60 }, $"anonymous: {anonymous.Headers.CacheControl}");

        using var keyed = await app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin)).GetAsync($"/api/v1/assets/{asset.Id}");
        Assert.True(keyed.Headers.CacheControl is { Private: true, NoStore: true, Public: false }, $"with a key: {keyed.Headers.CacheControl}");
    }

    [Fact]
    public async Task Every_GET_in_the_document_answers_HEAD_with_the_same_status_and_headers_and_no_body()
    {
        var asset = await AnAsset("Head walk").At(Places.NewSpot()).SaveAsync(app);
        var client = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        var gets = Contract.Document.Paths.Where(p => p.Value.ContainsKey("get")).Select(p => p.Key)
            .Select(path => Regex.Replace(path, @"\{[^}]+\}", asset.Id.ToString())).ToList();
        Assert.NotEmpty(gets);
        foreach (var url in gets)
        {
            using var get = await client.GetAsync(url);
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
            Assert.True(get.StatusCode == head.StatusCode, $"HEAD {url} answered {(int)head.StatusCode}, GET {(int)get.StatusCode}");
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("geojson")]
    public async Task An_export_has_a_length_and_answers_byte_ranges_as_GDAL_vsicurl_reads_it(string format)
    {
        await AnAsset("Ranged walk").At(Places.NewSpot()).SaveAsync(app);
        var client = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        var whole = await client.GetByteArrayAsync($"/api/v1/exports?format={format}");

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/exports?format={format}"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(whole.Length, head.Content.Headers.ContentLength);
        Assert.Contains("bytes", head.Headers.AcceptRanges);

        using var ranged = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/exports?format={format}");
        ranged.Headers.Range = new RangeHeaderValue(10, 49);
        ranged.Headers.AcceptEncoding.ParseAdd("gzip");
        using var part = await client.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Empty(part.Content.Headers.ContentEncoding);
        Assert.Equal($"bytes 10-49/{whole.Length}", part.Content.Headers.ContentRange?.ToString());
        Assert.Equal(whole[10..50], await part.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_browser_may_post_feedback_from_any_site_and_every_other_preflight_gets_an_answer_not_a_405()
    {
        var client = app.CreateClient();
        using var feedback = await client.SendAsync(Preflight("/api/v1/feedback", "POST"));
        Assert.Equal(HttpStatusCode.NoContent, feedback.StatusCode);
        Assert.Equal("*", feedback.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", feedback.Headers.GetValues("Access-Control-Allow-Methods").Single());

        using var read = await client.SendAsync(Preflight("/api/v1/search", "GET", "authorization"));
        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        Assert.Equal("*", read.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var write = await client.SendAsync(Preflight($"/api/v1/assets/{Guid.NewGuid()}", "PUT"));
        Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        Assert.False(write.Headers.Contains("Access-Control-Allow-Origin"), "writes stay closed to other origins unless configured");
    }

    [Fact]
    public async Task The_root_is_an_index_whose_links_all_answer()
    {
        var index = await app.GetJsonAsync<JsonElement>("/");
        var links = index.GetProperty("links").EnumerateObject().ToList();
        Assert.Contains(links, l => l.Name == "openapi");
        foreach (var link in links)
        {
            using var response = await app.CreateClient().GetAsync(link.Value.GetString());
            Assert.True(response.IsSuccessStatusCode, $"{link.Name} {link.Value} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_created_keys_Location_answers_with_the_key_and_the_list_has_it_but_neither_shows_a_secret()
    {
        var admin = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        using var created = await admin.PostAsJsonAsync("/api/v1/keys", new { name = "Listed key", role = "admin" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

        var one = await admin.GetStringAsync(created.Headers.Location);
        Assert.Equal("Listed key", JsonDocument.Parse(one).RootElement.GetProperty("name").GetString());
        var list = await admin.GetStringAsync("/api/v1/keys?per_page=100");
        Assert.Contains("Listed key", list);
        Assert.DoesNotContain(secret, one + list);
        Assert.DoesNotContain(secret[8..], one + list);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber)).GetAsync("/api/v1/keys")).StatusCode);
    }

    [Fact]
    public async Task A_body_of_the_wrong_media_type_is_a_415_naming_the_one_to_send()
    {
        using var response = await app.CreateClient().PostAsync("/api/v1/feedback", new StringContent("closed", Encoding.UTF8, "text/plain"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unknown_enum_value_is_a_400_listing_the_values_allowed()
    {
        var asset = await AnAsset("Enum walk").At(Places.NewSpot()).SaveAsync(app);
        using var response = await app.CreateClient().PostAsJsonAsync("/api/v1/feedback", new { asset_id = asset.Id, kind = "gone" });
        var problem = await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "kind");
        var message = problem.GetProperty("errors").GetProperty("kind")[0].GetString()!;
        foreach (var kind in Enum.GetNames<FeedbackKind>()) Assert.Contains(JsonNamingPolicy.SnakeCaseLower.ConvertName(kind), message);
    }

    /// <summary>Query-string enums too: the 400 names the parameter and lists every value it takes.</summary>
    [Theory]
    [InlineData("/api/v1/assets?status=gone", "status", "active,temporarily_closed,closed")]
    [InlineData("/api/v1/curation/feedback?status=gone", "status", "open,resolved,dismissed")]
    [InlineData("/api/v1/search?q=walk&sort=gone", "sort", "distance,relevance,name,next_session")]
    [InlineData("/api/v1/search?q=walk&format=gone", "format", "json,geojson,csv")]
    [InlineData("/api/v1/search?q=walk&delivery=gone", "delivery", "in_person,online,phone")]
    [InlineData("/api/v1/search?q=walk&time=gone", "time", "morning,afternoon,evening")]
    [InlineData("/api/v1/search?q=walk&interests_match=gone", "interests_match", "any,all")]
    [InlineData("/api/v1/exports?format=gone", "format", "csv,geojson")]
    public async Task An_unknown_enum_value_in_the_query_is_a_400_listing_the_values_allowed(string url, string field, string allowed)
    {
        var admin = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        using var response = await admin.GetAsync(url);
        var problem = await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, field);
        var message = problem.GetProperty("errors").GetProperty(field)[0].GetString()!;
        foreach (var value in allowed.Split(',')) Assert.Contains(value, message);
    }

    [Fact]
    public async Task An_empty_body_is_a_400_in_the_APIs_words_not_the_frameworks()
    {
        using var response = await app.CreateClient().PostAsync("/api/v1/feedback", new StringContent("", Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "body");
        Assert.DoesNotContain("Service", problem.ToString());
        Assert.DoesNotContain("inferred", problem.ToString());
    }

    [Fact]
    public async Task Every_problem_carries_a_W3C_trace_id()
    {
        var client = app.CreateClient();
        using var notFound = await client.GetAsync($"/api/v1/assets/{Guid.NewGuid()}");
        using var invalid = await client.GetAsync("/api/v1/assets/not-a-uuid");
        using var unauthorised = await client.GetAsync("/api/v1/keys");
        // The default 500 of an unexpected exception, from a route that throws behind the service's exception handler.
        using var failing = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, ThrowingRoute>()));
        using var crashed = await failing.CreateClient().GetAsync(ThrowingRoute.Path);
        Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        foreach (var response in new[] { notFound, invalid, unauthorised, crashed })
        {
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("traceId").GetString());
            Assert.False(problem.TryGetProperty("trace_id", out _), $"a second trace id: {problem}");
        }
    }

    private sealed class ThrowingRoute : IStartupFilter
    {
        public const string Path = "/test-only/throws";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map(Path, branch => branch.Run(_ => throw new InvalidOperationException("unexpected")));
        };
    }

    private static HttpRequestMessage Preflight(string url, string method, string headers = "content-type")
    {
        var request = new HttpRequestMessage(HttpMethod.Options, url);
        request.Headers.Add("Origin", "https://community-app.example");
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }
}
