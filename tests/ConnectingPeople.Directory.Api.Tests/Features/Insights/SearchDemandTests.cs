using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Insights;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Insights;

/// <summary>Its own database: the demand totals cover every search made in it.</summary>
public sealed class SearchDemandTests(DirectoryApp app) : IClassFixture<DirectoryApp>, IAsyncLifetime
{
    private HttpClient _curator = null!;

    public async Task InitializeAsync()
    {
        if (await app.WithDbAsync(db => db.SearchLog.AnyAsync()))
        {
            _curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [Guid.NewGuid()]));
            return;
        }
        await AnAsset("Sheffield gardeners").At(Places.SheffieldCityHall).About("gardening").SaveAsync(app);
        await AnAsset("Sheffield allotment society").At(Places.SheffieldCityHall.Offset(300, 300)).About("gardening").SaveAsync(app);
        var client = app.CreateClient();
        async Task SearchAsync(string query, int times)
        {
            for (var i = 0; i < times; i++)
            {
                using var response = await client.GetAsync(query.StartsWith('/') ? query : "/api/v1/search?" + query);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {await response.Content.ReadAsStringAsync()}");
            }
        }
        await SearchAsync("postcode=S1%202JA&interests=knitting&radius_km=2", 8);
        await SearchAsync("postcode=S1%202JA&interests=chess&radius_km=2", 3);
        await SearchAsync("postcode=S1%202JA&interests=gardening&radius_km=2", 9);
        await SearchAsync("postcode=S1%202JA&interests=gardening&radius_km=2&page=2&per_page=1", 4); // later pages are not new searches
        await SearchAsync(SearchClient.Near(Places.YorkMinster, "q=ukulele"), 5);
        await SearchAsync(SearchClient.Near(Places.YorkMinster, "q=zebedee+S1+2JA+07700900123"), 1);
        await app.Services.GetRequiredService<SearchDemandLog>().FlushAsync(CancellationToken.None);
        // Words searched for on 5 different days, and from 5 districts (older days cannot be searched today, so written directly).
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await app.WithDbAsync(async db =>
        {
            for (var day = 0; day < 5; day++)
                db.SearchLog.Add(new SearchLogEntry { SearchedOn = today.AddDays(-day - 1), District = "YO1", LocalAuthorityCode = Places.YorkMinster.LocalAuthorityCode, TextTerms = ["quilting"] });
            foreach (var district in new[] { "S1", "S2", "S3", "S10", "S11" })
                db.SearchLog.Add(new SearchLogEntry { SearchedOn = today, District = district, LocalAuthorityCode = Places.SheffieldCityHall.LocalAuthorityCode, TextTerms = ["darning"] });
            await db.SaveChangesAsync();
        });
        _curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [Guid.NewGuid()]));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static JsonElement Row(JsonElement rows, string district, string term) =>
        Assert.Single(rows.EnumerateArray(), r => r.GetProperty("district").GetString() == district && r.GetProperty("term").GetString() == term);

    [Fact]
    public async Task Searches_that_found_little_are_counted_by_district_with_small_counts_suppressed()
    {
        var body = JsonDocument.Parse(await _curator.GetStringAsync("/api/v1/insights/demand?max_results=0")).RootElement;
        var rows = body.GetProperty("rows");
        var s1 = await app.WithDbAsync(db => db.PostcodeDistricts.AsNoTracking().SingleAsync(d => d.Code == "S1"));

        var knitting = Row(rows, "S1", "knitting");
        Assert.Equal(("10", "10"), (knitting.Shown("searches"), knitting.Shown("few_results"))); // 8, rounded to 5
        Assert.Equal("interest", knitting.GetProperty("kind").GetString());
        Assert.Equal(s1.LocalAuthorityCode, knitting.GetProperty("local_authority_code").GetString());
        Assert.Equal(s1.Point.Y, knitting.GetProperty("latitude").GetDouble(), 4);
        Assert.Equal(s1.Point.X, knitting.GetProperty("longitude").GetDouble(), 4);
        Assert.Equal("<8", Row(rows, "S1", "chess").Shown("searches"));
        Assert.DoesNotContain(rows.EnumerateArray(), r => r.GetProperty("term").GetString() == "gardening");
        // Five identical searches on one day from one district do not publish a typed word; 5 days or 5 districts do.
        Assert.DoesNotContain(rows.EnumerateArray(), r => r.GetProperty("term").GetString() == "ukulele");
        var quilting = Row(rows, "YO1", "quilting");
        Assert.Equal(("text", "<8"), (quilting.GetProperty("kind").GetString(), quilting.Shown("searches")));
        Assert.Equal(5, rows.EnumerateArray().Count(r => r.GetProperty("term").GetString() == "darning"));
        Assert.DoesNotContain(rows.EnumerateArray(), r => r.GetProperty("term").GetString() == "zebedee"); // a rare typed word could be a name
    }

    [Fact]
    public async Task A_search_that_found_something_counts_as_few_only_under_a_higher_threshold()
    {
        var body = JsonDocument.Parse(await _curator.GetStringAsync("/api/v1/insights/demand?max_results=2")).RootElement;

        var gardening = Row(body.GetProperty("rows"), "S1", "gardening");

        Assert.Equal(("10", "10"), (gardening.Shown("searches"), gardening.Shown("few_results"))); // 9
    }

    [Fact]
    public async Task The_log_keeps_districts_and_plain_words_never_a_postcode_coordinates_or_numbers()
    {
        var log = (await app.WithDbAsync(db => db.SearchLog.AsNoTracking().ToListAsync()))
            .Where(e => !e.TextTerms.Contains("quilting") && !e.TextTerms.Contains("darning")).ToList();

        Assert.Equal(26, log.Count);
        Assert.All(log, entry => Assert.Contains(entry.District, new[] { "S1", "YO1" }));
        Assert.DoesNotContain(log, entry => entry.TextTerms.Any(t => t.Any(char.IsDigit)));
        Assert.Contains(log, entry => entry.TextTerms.SequenceEqual(["zebedee"]));
        Assert.All(log.Where(e => e.District == "S1"), entry => Assert.Equal(2000, entry.RadiusMetres));
    }

    [Fact]
    public async Task GeoJSON_gives_a_point_feature_per_row_at_the_district_centroid_by_format_or_accept()
    {
        var json = JsonDocument.Parse(await _curator.GetStringAsync("/api/v1/insights/demand?max_results=0")).RootElement.GetProperty("rows");
        using var byFormat = await _curator.GetAsync("/api/v1/insights/demand?max_results=0&format=geojson");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/insights/demand?max_results=0");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/geo+json"));
        using var byAccept = await _curator.SendAsync(request);

        foreach (var response in new[] { byFormat, byAccept })
        {
            Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
            var geo = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("FeatureCollection", geo.GetProperty("type").GetString());
            var features = geo.GetProperty("features").EnumerateArray().ToList();
            Assert.Equal(json.GetArrayLength(), features.Count);
            var knitting = Assert.Single(features, f => f.GetProperty("properties").GetProperty("term").GetString() == "knitting");
            var row = Row(json, "S1", "knitting");
            Assert.Equal("Point", knitting.GetProperty("geometry").GetProperty("type").GetString());
            var coordinates = knitting.GetProperty("geometry").GetProperty("coordinates");
            Assert.Equal(row.GetProperty("longitude").GetDouble(), coordinates[0].GetDouble());
            Assert.Equal(row.GetProperty("latitude").GetDouble(), coordinates[1].GetDouble());
            Assert.Equal("10", knitting.GetProperty("properties").Shown("searches"));
        }
    }

    [Fact]
    public async Task Filtered_by_local_authority_and_only_for_curators()
    {
        var york = JsonDocument.Parse(await _curator.GetStringAsync($"/api/v1/insights/demand?max_results=0&local_authority={Places.YorkMinster.LocalAuthorityCode}"))
            .RootElement.GetProperty("rows");
        var prescriber = app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber));
        using var forbidden = await prescriber.GetAsync("/api/v1/insights/demand");
        using var anonymous = await app.CreateClient().GetAsync("/api/v1/insights/demand");
        using var badFormat = await _curator.GetAsync("/api/v1/insights/demand?format=csv");

        Assert.NotEmpty(york.EnumerateArray());
        Assert.All(york.EnumerateArray(), r => Assert.Equal("YO1", r.GetProperty("district").GetString()));
        await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden);
        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await badFormat.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "format");
    }
}
