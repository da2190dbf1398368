using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace ConnectingPeople.Directory.Api.Features.Auth;

/// <summary>
/// Optional single sign-on: JWT bearer tokens from a configured authority (or signed with a configured key), with
/// the role, organisations and areas in claims. Off unless Auth:Jwt:Authority or Auth:Jwt:SigningKey is set.
/// </summary>
public sealed class JwtOptions
{
    public const string Section = "Auth:Jwt";

    /// <summary>The OpenID Connect authority whose keys sign the tokens (discovery at /.well-known/openid-configuration).</summary>
    public string? Authority { get; set; }

    /// <summary>A shared HMAC key instead of an authority (at least 32 bytes), for deployments without OIDC discovery.</summary>
    public string? SigningKey { get; set; }

    public string? Issuer { get; set; }
    public string? Audience { get; set; }
    public string RoleClaim { get; set; } = "role";
    public string NameClaim { get; set; } = "name";
    public string OrganisationClaim { get; set; } = "organisation";
    public string AreaClaim { get; set; } = "area";
    public string TeamClaim { get; set; } = "team";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);
}

public static class JwtAuthentication
{
    public const string SchemeName = "Jwt";
    public const string SelectorScheme = "ApiKeyOrJwt";

    /// <summary>Adds the JWT scheme and a selector that sends three-part bearer tokens to it and everything else to API keys.</summary>
    public static void AddJwt(AuthenticationBuilder authentication, JwtOptions jwt)
    {
        authentication.AddJwtBearer(SchemeName, options =>
        {
            options.MapInboundClaims = false;
            options.Authority = jwt.Authority;
            options.Audience = jwt.Audience;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                NameClaimType = jwt.NameClaim,
                RoleClaimType = jwt.RoleClaim,
                ValidateAudience = jwt.Audience is not null,
                ValidAudience = jwt.Audience,
                ValidateIssuer = jwt.Issuer is not null,
                ValidIssuer = jwt.Issuer,
                IssuerSigningKey = jwt.SigningKey is { } key ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)) : null,
            };
            options.ForwardChallenge = ApiKeyAuthenticationHandler.SchemeName;
            options.ForwardForbid = ApiKeyAuthenticationHandler.SchemeName;
            options.Events = new JwtBearerEvents
            {
                // The rest of the service reads scopes from its own claim names.
                OnTokenValidated = context =>
                {
                    if (context.Principal?.Identity is ClaimsIdentity identity)
                    {
                        identity.AddClaims([
                            .. identity.FindAll(jwt.OrganisationClaim).Select(c => new Claim(DirectoryClaims.Organisation, c.Value)).Where(c => Guid.TryParse(c.Value, out _)),
                            .. identity.FindAll(jwt.AreaClaim).Select(c => new Claim(DirectoryClaims.Area, c.Value)),
                            .. identity.FindAll(jwt.TeamClaim).Take(1).Where(_ => jwt.TeamClaim != DirectoryClaims.Team).Select(c => new Claim(DirectoryClaims.Team, c.Value)),
                        ]);
                    }
                    return Task.CompletedTask;
                },
            };
        });
        authentication.AddPolicyScheme(SelectorScheme, "API key or JWT", options =>
        {
            options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString() is { } header
                && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Count(c => c == '.') == 2
                    ? SchemeName
                    : ApiKeyAuthenticationHandler.SchemeName;
        });
    }
}
