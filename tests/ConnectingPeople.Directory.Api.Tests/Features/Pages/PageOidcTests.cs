using System.Net;
using System.Security.Claims;
using System.Text;
using System.Web;
using ConnectingPeople.Directory.Api.Features.Pages;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ConnectingPeople.Directory.Api.Tests.Features.Pages;

/// <summary>
/// The service with an OpenID Connect provider configured: a stand-in provider whose discovery document is given
/// directly and whose token endpoint answers in-process with an id_token it signs, carrying the role and team claims.
/// </summary>
public sealed class OidcApp : DirectoryApp
{
    public const string Authority = "https://idp.example.test";
    public const string ClientId = "directory-pages";
    private static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes("a-test-signing-key-for-the-pages-provider-32+"));

    /// <summary>The claims the provider puts in its next id_token (the test sets the nonce from the sign-in redirect).</summary>
    public Dictionary<string, object> NextToken { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:Jwt:Authority", Authority);
        builder.UseSetting("Pages:Oidc:ClientId", ClientId);
        builder.UseSetting("Pages:Oidc:ClientSecret", "client-secret");
        builder.ConfigureTestServices(services => services.PostConfigure<OpenIdConnectOptions>(PageOidc.Scheme, options =>
        {
            options.Configuration = new OpenIdConnectConfiguration
            {
                Issuer = Authority, AuthorizationEndpoint = Authority + "/authorize", TokenEndpoint = Authority + "/token",
            };
            options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(options.Configuration);
            options.TokenValidationParameters.IssuerSigningKey = Key;
            options.Backchannel = new HttpClient(new TokenEndpoint(this));
        }));
    }

    private sealed class TokenEndpoint(OidcApp app) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            const string accessToken = "an-access-token";
            // at_hash: the left half of the access token's SHA-256, as OpenID Connect Core 3.1.3.6 defines it.
            var atHash = Base64UrlEncoder.Encode(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]);
            var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Authority, Audience = ClientId, Expires = DateTime.UtcNow.AddMinutes(5),
                Claims = new Dictionary<string, object>(app.NextToken) { ["at_hash"] = atHash },
                SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
            });
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($"{{\"id_token\":\"{token}\",\"access_token\":\"{accessToken}\",\"token_type\":\"Bearer\"}}", Encoding.UTF8, "application/json"),
            });
        }
    }
}

public sealed class PageOidcTests(OidcApp app) : IClassFixture<OidcApp>
{
    private async Task<(PageClient Client, HttpResponseMessage Callback)> SignInAsync(string role, string team, bool sameNonce = true)
    {
        var client = new PageClient(app);
        var (challenge, _) = await client.GetAsync("/find/sign-in?return=%2Ffind%2Fshortlist");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.Equal(OidcApp.Authority + "/authorize", authorize.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal(OidcApp.ClientId, query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal("https://localhost" + PageOidc.CallbackPath, query["redirect_uri"]);

        app.NextToken.Clear();
        foreach (var (name, value) in new Dictionary<string, object> { ["sub"] = "user-1", ["name"] = "Sam", ["role"] = role, ["team"] = team, ["nonce"] = sameNonce ? query["nonce"]! : "another-nonce" })
            app.NextToken[name] = value;
        var (callback, _) = await client.GetAsync($"{PageOidc.CallbackPath}?code=a-code&state={Uri.EscapeDataString(query["state"]!)}");
        return (client, callback);
    }

    [Fact]
    public async Task Sign_in_goes_to_the_provider_and_its_prescriber_with_a_team_can_shortlist()
    {
        var (client, callback) = await SignInAsync("prescriber", "Single sign-on team");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/find/shortlist", callback.Headers.Location!.OriginalString);
        var cookie = Assert.Single(callback.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cpd_oidc=", StringComparison.Ordinal));
        var flags = cookie.ToLowerInvariant();
        Assert.Contains("secure", flags);
        Assert.Contains("httponly", flags);
        Assert.Contains("path=/find", flags);
        var shortlist = await client.PageAsync("/find/shortlist");
        Assert.Contains("Your shortlist", shortlist);
        Assert.Contains("Single sign-on team", shortlist);
        Assert.DoesNotContain("type=\"password\"", await client.PageAsync("/find"));
    }

    [Fact]
    public async Task A_provider_user_who_is_not_a_prescriber_cannot_shortlist()
    {
        var (client, _) = await SignInAsync("curator", "Some team");

        var (shortlist, _) = await client.GetAsync("/find/shortlist");
        Assert.Equal(HttpStatusCode.SeeOther, shortlist.StatusCode);
        Assert.StartsWith("/find/sign-in", shortlist.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_sign_in_the_provider_did_not_complete_is_a_page_saying_so_and_signs_nobody_in()
    {
        var (client, callback) = await SignInAsync("prescriber", "Replayed team", sameNonce: false);

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Contains("Sign-in did not work", await callback.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.SeeOther, (await client.GetAsync("/find/shortlist")).Response.StatusCode);
    }
}
