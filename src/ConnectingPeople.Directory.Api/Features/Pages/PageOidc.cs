using System.Security.Claims;
using ConnectingPeople.Directory.Api.Features.Auth;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace ConnectingPeople.Directory.Api.Features.Pages;

/// <summary>
/// Single sign-on for the pages: when Auth:Jwt:Authority names an OpenID Connect provider (and the pages have a client
/// id: Pages:Oidc:ClientId, else Auth:Jwt:Audience), "Sign in" goes to the provider (authorization code with PKCE)
/// instead of asking for a key. The role and team come from the same claims the API reads from that provider's
/// tokens (Auth:Jwt:RoleClaim, TeamClaim). The session cookie is encrypted, HttpOnly, Secure, scoped to /find and
/// SameSite=Lax: Strict would not be sent on the redirect back from the provider, so the link worker would look
/// signed out on arrival; every post still needs its antiforgery token.
/// </summary>
public static class PageOidc
{
    public const string Scheme = "PageOidc";
    public const string CookieScheme = "PageOidcCookie";
    public const string CallbackPath = "/find/signin-oidc";

    public static bool Enabled(IConfiguration config) => !string.IsNullOrWhiteSpace(config["Auth:Jwt:Authority"]) && ClientId(config) is not null;

    private static string? ClientId(IConfiguration config) =>
        new[] { config["Pages:Oidc:ClientId"], config["Auth:Jwt:Audience"] }.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));

    public static void Add(IServiceCollection services, IConfiguration config)
    {
        if (!Enabled(config)) return;
        var jwt = config.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        services.AddAuthentication()
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = "cpd_oidc";
                options.Cookie.Path = PageSessions.CookiePath;
                options.Cookie.HttpOnly = true;
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = PageSessions.SignInLifetime;
                options.SlidingExpiration = false;
            })
            .AddOpenIdConnect(Scheme, options =>
            {
                options.Authority = jwt.Authority;
                options.ClientId = ClientId(config);
                options.ClientSecret = config["Pages:Oidc:ClientSecret"];
                options.ResponseType = "code";
                options.UsePkce = true;
                options.CallbackPath = CallbackPath;
                options.SignInScheme = CookieScheme;
                options.MapInboundClaims = false;
                options.SaveTokens = false;
                options.TokenValidationParameters.NameClaimType = jwt.NameClaim;
                options.TokenValidationParameters.RoleClaimType = jwt.RoleClaim;
                // A failed or refused sign-in at the provider is a page saying so, not an error.
                options.Events.OnRemoteFailure = async context =>
                {
                    context.HandleResponse();
                    await PageLayout.Page(context.HttpContext, "Sign-in did not work", null, html => html.Element("h1", "Sign-in did not work")
                        .Paragraph("Your organisation's sign-in did not complete. Try again, or ask your administrator.")
                        .Link(SignInPages.Path, "Try again"), status: StatusCodes.Status400BadRequest).ExecuteAsync(context.HttpContext);
                };
                options.Events.OnTokenValidated = context =>
                {
                    // The rest of the service reads the team from its own claim name.
                    if (context.Principal?.Identity is ClaimsIdentity identity && jwt.TeamClaim != DirectoryClaims.Team
                        && identity.FindFirst(jwt.TeamClaim) is { } team)
                        identity.AddClaim(new Claim(DirectoryClaims.Team, team.Value));
                    return Task.CompletedTask;
                };
            });
    }
}
