using System.Net;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using CsCheck;

namespace ConnectingPeople.Directory.Api.Tests.Features.Search;

public sealed class SearchErrorTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Theory]
    [InlineData("latitude=91&longitude=0", "latitude")]
    [InlineData("latitude=53&longitude=-181", "longitude")]
    [InlineData("latitude=53", "longitude")]
    [InlineData("latitude=abc&longitude=0", "latitude")]
    [InlineData("postcode=S1%202HE&latitude=53&longitude=-1", "postcode")]
    [InlineData("postcode=NOT-A-POSTCODE", "postcode")]
    [InlineData("postcode=S1%202HE&radius_km=0", "radius_km")]
    [InlineData("postcode=S1%202HE&radius_km=101", "radius_km")]
    [InlineData("postcode=S1%202HE&radius_km=2&nearest=5", "nearest")]
    [InlineData("postcode=S1%202HE&nearest=0", "nearest")]
    [InlineData("postcode=S1%202HE&interests=walking,underwater_basket_weaving", "interests")]
    [InlineData("postcode=S1%202HE&interests_match=some", "interests_match")]
    [InlineData("postcode=S1%202HE&day=funday", "day")]
    [InlineData("postcode=S1%202HE&time=midnight", "time")]
    [InlineData("postcode=S1%202HE&from=25:00", "from")]
    [InlineData("postcode=S1%202HE&from=14:00&to=10:00", "to")]
    [InlineData("postcode=S1%202HE&time=morning&from=09:00", "time")]
    [InlineData("postcode=S1%202HE&on=2026-02-30", "on")]
    [InlineData("postcode=S1%202HE&max_cost=-1", "max_cost")]
    [InlineData("postcode=S1%202HE&accessibility=teleporter", "accessibility")]
    [InlineData("postcode=S1%202HE&audience=martians", "audience")]
    [InlineData("postcode=S1%202HE&age=200", "age")]
    [InlineData("postcode=S1%202HE&verified_within_days=0", "verified_within_days")]
    [InlineData("postcode=S1%202HE&delivery=pigeon", "delivery")]
    [InlineData("postcode=S1%202HE&area=E99999999", "area")]
    [InlineData("postcode=S1%202HE&sort=popularity", "sort")]
    [InlineData("postcode=S1%202HE&format=xml", "format")]
    [InlineData("postcode=S1%202HE&per_page=500", "per_page")]
    [InlineData("postcode=S1%202HE&free=maybe", "free")]
    [InlineData("radius_km=3", "radius_km")]
    [InlineData("", "postcode")]
    [InlineData("q=walking&sort=distance", "sort")]
    [InlineData("postcode=S1%202HE&on=1999-12-31", "on")]
    [InlineData("postcode=S1%202HE&on=2101-01-01", "on")]
    [InlineData("postcode=S1%202HE&page=2147483647", "page")]
    [InlineData("postcode=S1%202HE&interests=walking,gardening,choir,knitting,art,crafts,singing,music,dance,exercise,yoga,tai_chi,football,bowls,swimming,cycling,running,cooking,reading,writing,chess", "interests")]
    [InlineData("postcode=S1%202HE&accessibility=a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,a11,a12,a13,a14,a15,a16,a17,a18,a19,a20,a21", "accessibility")]
    [InlineData("postcode=S1%202HE&audience=a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,a11,a12,a13,a14,a15,a16,a17,a18,a19,a20,a21", "audience")]
    [InlineData("postcode=S1%202HE&day=mon,tue,wed,thu,fri,sat,sun,monday,tuesday,wednesday,thursday,friday,saturday,sunday,m1,m2,m3,m4,m5,m6,m7", "day")]
    public async Task Each_bad_parameter_is_a_400_problem_naming_it(string query, string field)
    {
        using var response = await app.CreateClient().GetAsync($"/api/v1/search?{query}");
        await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_list_of_more_than_20_codes_is_refused_saying_the_limit()
    {
        var codes = string.Join(",", Enumerable.Range(1, 21).Select(i => $"code{i}"));
        using var response = await app.CreateClient().GetAsync($"/api/v1/search?postcode=S1%202HE&interests={codes}");

        var problem = await response.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "interests");
        Assert.Contains("at most 20", problem.GetProperty("errors").GetProperty("interests")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(100)]
    public async Task The_last_representable_page_is_never_answered_as_page_1(int perPage)
    {
        using var response = await app.CreateClient().GetAsync($"/api/v1/search?postcode=S1%202HE&page={int.MaxValue}&per_page={perPage}");

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"got {(int)response.StatusCode}");
        await response.AssertProblemNamingAsync(response.StatusCode, "page");
    }

    [Fact]
    public async Task An_unknown_postcode_is_a_404_problem_naming_it()
    {
        using var response = await app.CreateClient().GetAsync("/api/v1/search?postcode=ZZ9%209ZZ");
        await response.AssertProblemNamingAsync(HttpStatusCode.NotFound, "postcode");
    }

    [Fact]
    public async Task Every_problem_with_a_request_is_reported_at_once()
    {
        using var response = await app.CreateClient().GetAsync("/api/v1/search?postcode=S1%202HE&radius_km=0&day=funday&age=-3");
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("radius_km", out _));
        Assert.True(errors.TryGetProperty("day", out _));
        Assert.True(errors.TryGetProperty("age", out _));
    }

    private static readonly (string Name, string[] Values)[] Parameters =
    [
        ("postcode", ["S1 2HE", "s12he", "L17", "ZZ9 9ZZ", "bad", "", "S1 2", "YO1 7HH"]),
        ("latitude", ["53.38", "-91", "90", "x", "NaN", "1e308", ""]),
        ("longitude", ["-1.47", "181", "-180", "y", ""]),
        ("radius_km", ["0", "0.001", "5", "100", "100.0001", "-2", "z", "Infinity"]),
        ("nearest", ["1", "100", "0", "101", "3.5"]),
        ("area", ["E08000014", "E05000932", "E99999999", "e08000012", ""]),
        ("interests", ["walking", "walking,gardening", "nope", ",,", "WALKING"]),
        ("interests_match", ["any", "all", "most"]),
        ("q", ["knittng", "the", "'; drop table assets; --", "%", "_", new string('a', 300), "café"]),
        ("day", ["tue", "tue,thu", "tuesday", "x", ","]),
        ("time", ["morning", "afternoon", "evening", "noon"]),
        ("from", ["09:00", "9:00", "24:00", "x"]),
        ("to", ["17:00", "00:00", "y"]),
        ("on", ["2026-03-29", "2026-10-25", "2026-13-01", "tomorrow"]),
        ("free", ["true", "false", "1"]),
        ("max_cost", ["0", "2.5", "-1", "1e30", "x"]),
        ("accessibility", ["wheelchair", "wheelchair,hearing_loop", "stairs"]),
        ("age", ["0", "72", "-1", "131", "2147483648"]),
        ("audience", ["older_people", "carers,men", "aliens"]),
        ("sort", ["distance", "relevance", "name", "next_session", "random"]),
        ("format", ["json", "geojson", "csv", "pdf"]),
        ("page", ["1", "2", "0", "999999", "-1"]),
        ("per_page", ["1", "100", "101", "0"]),
        ("include_inactive", ["true", "nope"]),
        ("verified_within_days", ["30", "0", "99999"]),
        ("delivery", ["phone", "online", "in_person", "fax"]),
    ];

    [Fact]
    public void No_combination_of_parameters_produces_a_server_error()
    {
        var client = app.CreateClient();
        // Up to six parameters at once, each with a value picked from its list of valid, boundary and hostile values.
        var gen = Gen.Select(Gen.Int[0, Parameters.Length - 1].HashSet[1, 6], Gen.Int[0, 1000].Array[6], (indexes, picks) =>
            indexes.Select((p, n) => $"{Parameters[p].Name}={Uri.EscapeDataString(Parameters[p].Values[picks[n] % Parameters[p].Values.Length])}").ToArray());

        gen.Sample(query =>
        {
            using var response = client.GetAsync("/api/v1/search?" + string.Join("&", query)).GetAwaiter().GetResult();
            var status = (int)response.StatusCode;
            if (status >= 500) return false;
            if (status >= 400) return response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            return true;
        }, iter: 300, threads: 1);
    }
}
