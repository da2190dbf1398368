using System.Net;
using System.Text.RegularExpressions;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ConnectingPeople.Directory.Api.Tests.Features.Pages;

/// <summary>
/// A browser-like client for the pages: over https (the pages' cookies are Secure), keeping cookies, not following
/// redirects (tests look at them), and posting forms with the antiforgery token of the page they came from.
/// </summary>
public sealed partial class PageClient(DirectoryApp app)
{
    public HttpClient Http { get; } = app.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true,
    });

    public async Task<(HttpResponseMessage Response, string Body)> GetAsync(string url)
    {
        var response = await Http.GetAsync(url);
        return (response, await response.Content.ReadAsStringAsync());
    }

    public async Task<string> PageAsync(string url)
    {
        var (response, body) = await GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>Posts a form with the token from <paramref name="page"/> (pass null to post without one, as another site would).</summary>
    public async Task<(HttpResponseMessage Response, string Body)> PostAsync(string url, string? page, params (string Name, string Value)[] fields)
    {
        var all = fields.ToList();
        if (page is not null) all.Add(("__antiforgery", Token(page)));
        var response = await Http.PostAsync(url, new FormUrlEncodedContent(all.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));
        return (response, await response.Content.ReadAsStringAsync());
    }

    public async Task SignInAsync(string key)
    {
        var form = await PageAsync("/find/sign-in");
        var (response, body) = await PostAsync("/find/sign-in", form, ("key", key), ("return", "/find"));
        Assert.True(response.StatusCode == HttpStatusCode.SeeOther, $"sign-in answered {(int)response.StatusCode}: {body}");
    }

    public static string Token(string page) =>
        TokenField().Match(page) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("the page has no form token");

    [GeneratedRegex("name=\"__antiforgery\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
