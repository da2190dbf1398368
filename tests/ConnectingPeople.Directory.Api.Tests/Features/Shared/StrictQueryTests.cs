using System.Net;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;

namespace ConnectingPeople.Directory.Api.Tests.Features.Shared;

/// <summary>A typo in a parameter name or a date in the wrong form gets the caller a 400 saying so, not a plausible wrong answer.</summary>
public sealed class StrictQueryTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Theory]
    [InlineData("/api/v1/search?postcode=S1%202HE&radius=3", "radius", "radius_km")]
    [InlineData("/api/v1/search?postcode=S1%202HE&interest=walking", "interest", "interests")]
    [InlineData("/api/v1/search?lat=53.38&longitude=-1.47", "lat", "latitude")]
    [InlineData("/api/v1/search?latitude=53.38&lng=-1.47", "lng", "longitude")]
    [InlineData("/api/v1/search?latitude=53.38&lon=-1.47", "lon", "longitude")]
    [InlineData("/api/v1/search?postcode=S1%202HE&acessibility=wheelchair", "acessibility", "accessibility")]
    [InlineData("/api/v1/assets?perpage=5", "perpage", "per_page")]
    [InlineData("/api/v1/organisations?pages=2", "pages", "page")]
    public async Task An_unknown_parameter_is_a_400_naming_it_and_suggesting_the_nearest_known_one(string url, string sent, string suggested)
    {
        using var response = await app.CreateClient().GetAsync(url);

        var problem = await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, sent);
        var message = problem.GetProperty("errors").GetProperty(sent)[0].GetString()!;
        Assert.Contains($"did you mean {suggested}?", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_without_query_parameters_says_it_takes_none()
    {
        using var response = await app.CreateClient().GetAsync("/api/v1/taxonomies?vocabulary=interests");

        var problem = await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "vocabulary");
        Assert.Contains("takes no query parameters", problem.GetProperty("errors").GetProperty("vocabulary")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("on=01/12/2026")]
    [InlineData("on=1%20Dec%202026")]
    [InlineData("on=2026-1-5")]
    [InlineData("on=20261201")]
    public async Task Search_dates_are_ISO_8601_only(string on)
    {
        using var response = await app.CreateClient().GetAsync($"/api/v1/search?postcode=S1%202HE&{on}");

        var problem = await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "on");
        Assert.Contains("YYYY-MM-DD", problem.GetProperty("errors").GetProperty("on")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Date_times_elsewhere_are_ISO_8601_only_too()
    {
        var client = app.CreateClient();

        using var american = await client.GetAsync("/api/v1/assets?updated_since=12/01/2026");
        using var iso = await client.GetAsync("/api/v1/assets?updated_since=2026-12-01T09:00:00Z");

        await american.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "updated_since");
        Assert.Equal(HttpStatusCode.OK, iso.StatusCode);
    }

    [Fact]
    public async Task The_Open_Referral_feed_keeps_HSDS_leniency_about_extra_parameters()
    {
        using var response = await app.CreateClient().GetAsync("/openreferral/services?per_page=1&something_else=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Known_parameters_still_work()
    {
        using var response = await app.CreateClient().GetAsync("/api/v1/search?postcode=S1%202HE&radius_km=1&interests=walking&on=2026-12-01&per_page=5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
