using System.Security.Claims;
using System.Text.Encodings.Web;
using ConnectingPeople.Directory.Api.Data.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ConnectingPeople.Directory.Api.Features.Auth;

public static class DirectoryClaims
{
    public const string KeyId = "key_id";
    public const string Organisation = "organisation";
    public const string Area = "area";
    public const string Team = "team";
}

/// <summary>Reads "Authorization: Bearer &lt;key&gt;" or "X-Api-Key: &lt;key&gt;"; answers 401 and 403 as problem documents.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = Request.Headers["X-Api-Key"].FirstOrDefault();
        var authorization = Request.Headers.Authorization.FirstOrDefault();
        if (secret is null && authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true) secret = authorization[7..].Trim();
        if (string.IsNullOrEmpty(secret)) return AuthenticateResult.NoResult();

        ApiKey? key;
        try
        {
            key = await keys.FindAsync(secret, Context.RequestAborted);
        }
        catch (Exception e) when (Data.DatabaseFaults.IsUnavailable(e))
        {
            // Not the caller's fault: the challenge answers 503 with Retry-After, not "unknown key".
            _databaseUnavailable = true;
            return AuthenticateResult.Fail("The key could not be checked: the database is unreachable.");
        }
        if (key is null) return AuthenticateResult.Fail("Unknown or revoked API key.");
        return AuthenticateResult.Success(new AuthenticationTicket(PrincipalFor(key, SchemeName), SchemeName));
    }

    /// <summary>Who a key is: its name, role, scope and team as claims (the search pages sign in with a key too).</summary>
    public static ClaimsPrincipal PrincipalFor(ApiKey key, string scheme)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.Name, key.Name), new(ClaimTypes.Role, key.Role), new(DirectoryClaims.KeyId, key.Id.ToString()),
            .. key.OrganisationIds.Select(o => new Claim(DirectoryClaims.Organisation, o.ToString())),
            .. key.AreaCodes.Select(a => new Claim(DirectoryClaims.Area, a)),
            .. (key.Team is { } team ? [new Claim(DirectoryClaims.Team, team)] : Array.Empty<Claim>()),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    private bool _databaseUnavailable;

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (!_databaseUnavailable)
        {
            return WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required",
                "Send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'. Unknown and revoked keys are refused.");
        }
        Response.Headers.RetryAfter = "5";
        return WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, "Database unavailable",
            "The directory's database cannot be reached just now, so the key could not be checked. Try again in a few seconds.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => WriteProblemAsync(
        StatusCodes.Status403Forbidden, "Not allowed", "This key's role does not allow this request.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized) Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}

public static class AuthSetup
{
    public const string CuratorPolicy = "curator";
    public const string AdminPolicy = "admin";
    public const string PrescriberPolicy = "prescriber";

    public static IHostApplicationBuilder AddDirectoryAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var jwt = builder.Configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        services.AddScoped<ApiKeys>();
        var authentication = services.AddAuthentication(jwt.Enabled ? JwtAuthentication.SelectorScheme : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (jwt.Enabled) JwtAuthentication.AddJwt(authentication, jwt);
        services.AddAuthorizationBuilder()
            .AddPolicy(CuratorPolicy, p => p.RequireRole(Roles.Curator, Roles.Admin))
            .AddPolicy(PrescriberPolicy, p => p.RequireRole(Roles.Prescriber, Roles.Admin))
            .AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin));
        return builder;
    }

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    public static IReadOnlySet<Guid> Organisations(this ClaimsPrincipal user) =>
        user.FindAll(DirectoryClaims.Organisation).Select(c => Guid.Parse(c.Value)).ToHashSet();

    /// <summary>A prescriber's team (signposting records belong to it), or null for a key without one.</summary>
    public static string? Team(this ClaimsPrincipal user) => user.FindFirst(DirectoryClaims.Team)?.Value;

    public static IReadOnlySet<string> Areas(this ClaimsPrincipal user) => user.FindAll(DirectoryClaims.Area).Select(c => c.Value).ToHashSet();
}
