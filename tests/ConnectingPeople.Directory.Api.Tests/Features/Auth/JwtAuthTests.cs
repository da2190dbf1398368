using System.Net;
using System.Security.Claims;
using System.Text;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Auth;

/// <summary>The service configured for single sign-on with a shared signing key, as a deployment without OIDC discovery would be.</summary>
public sealed class SingleSignOnApp : DirectoryApp
{
    public const string SigningKey = "a-test-signing-key-that-is-long-enough-for-hmac-sha256";
    public const string Issuer = "https://sso.example.org";
    public const string Audience = "connectingpeople-directory";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:Jwt:SigningKey", SigningKey);
        builder.UseSetting("Auth:Jwt:Issuer", Issuer);
        builder.UseSetting("Auth:Jwt:Audience", Audience);
    }

    public static string Token(string role, Guid? organisation = null, string key = SigningKey, string issuer = Issuer)
    {
        var claims = new List<Claim> { new("name", "Sam at Sefton CVS"), new("role", role) };
        if (organisation is { } id) claims.Add(new Claim("organisation", id.ToString()));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims), Issuer = issuer, Audience = Audience, Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    public HttpClient WithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

public sealed class JwtAuthTests(SingleSignOnApp app) : IClassFixture<SingleSignOnApp>
{
    [Fact]
    public async Task A_signed_token_with_the_curator_role_and_organisation_may_curate_that_organisation()
    {
        var organisation = await AnOrganisationAsync(app, "SSO org");
        var client = app.WithToken(SingleSignOnApp.Token("curator", organisation.Id));

        var (created, _) = await CreateAsync(client, AWalk(organisation.Id));
        var history = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/api/v1/assets/{created.GetProperty("id").GetGuid()}/history")).RootElement;

        Assert.Equal("Sam at Sefton CVS", history[0].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Tokens_with_the_wrong_role_signature_or_issuer_are_refused_as_problems()
    {
        var organisation = await AnOrganisationAsync(app, "SSO refusals");

        using var prescriber = await app.WithToken(SingleSignOnApp.Token("prescriber", organisation.Id)).PostAsync("/api/v1/assets", Json(AWalk(organisation.Id)));
        using var forged = await app.WithToken(SingleSignOnApp.Token("admin", key: "someone-elses-signing-key-of-sufficient-length-xx")).PostAsync("/api/v1/assets", Json(AWalk(organisation.Id)));
        using var foreign = await app.WithToken(SingleSignOnApp.Token("admin", issuer: "https://evil.example")).PostAsync("/api/v1/assets", Json(AWalk(organisation.Id)));
        using var apiKeyStillWorks = await app.ClientWithKey(await app.CreateKeyAsync("admin")).PostAsync("/api/v1/assets", Json(AWalk(organisation.Id)));

        await prescriber.AssertProblemAsync(HttpStatusCode.Forbidden);
        await forged.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await foreign.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Created, apiKeyStillWorks.StatusCode);
    }
}

public sealed class JwtOffByDefaultTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Fact]
    public async Task Without_configuration_a_token_is_not_accepted()
    {
        var organisation = await AnOrganisationAsync(app, "No SSO");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SingleSignOnApp.Token("admin"));

        using var response = await client.PostAsync("/api/v1/assets", Json(AWalk(organisation.Id)));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
