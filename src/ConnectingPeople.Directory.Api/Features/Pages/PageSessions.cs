using System.Security.Claims;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;

namespace ConnectingPeople.Directory.Api.Features.Pages;

/// <summary>A link worker signed in to the pages: the same claims their key gives on the API, and the shortlist being built.</summary>
public sealed record PageUser(ClaimsPrincipal Principal, string Team, IReadOnlyList<Guid> Shortlist);

/// <summary>
/// The pages' two cookies, both encrypted and signed with ASP.NET Core Data Protection, HttpOnly, Secure,
/// SameSite=Strict and scoped to /find: the team's prescriber key (checked against the key table on every request,
/// so revoking the key signs the browser out) and the listings on the shortlist being built. The key never appears
/// in a URL, a page or a log line; the API itself never reads these cookies (it takes keys only from headers).
/// </summary>
public sealed class PageSessions(IDataProtectionProvider protection, ApiKeys keys, TimeProvider clock, IConfiguration config)
{
    public const string SignInCookie = "cpd_signin";
    public const string ShortlistCookie = "cpd_shortlist";
    public const string CookiePath = "/find";

    /// <summary>A working day: sign in once in the morning.</summary>
    public static readonly TimeSpan SignInLifetime = TimeSpan.FromHours(12);

    private readonly ITimeLimitedDataProtector _signIn = protection.CreateProtector("Pages.SignIn.v1").ToTimeLimitedDataProtector();
    private readonly IDataProtector _shortlist = protection.CreateProtector("Pages.Shortlist.v1");

    /// <summary>The signed-in link worker, or null: no cookie, a cookie that does not decrypt or has expired, or a revoked key.</summary>
    public async Task<PageUser?> UserAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(typeof(PageUser), out var known)) return known as PageUser;
        PageUser? user = null;
        if (Unprotect(_signIn, http.Request.Cookies[SignInCookie]) is { } secret && await KeyAsync(secret, http.RequestAborted) is { } key)
        {
            user = new PageUser(ApiKeyAuthenticationHandler.PrincipalFor(key, "PageKey"), key.Team!, ShortlistOf(http));
        }
        else if (OidcEnabled && (await http.AuthenticateAsync(PageOidc.CookieScheme)).Principal is { } signedIn
            && signedIn.Team() is { } team && (signedIn.IsInRole(Roles.Prescriber) || signedIn.IsInRole(Roles.Admin)))
        {
            user = new PageUser(signedIn, team, ShortlistOf(http));
        }
        http.Items[typeof(PageUser)] = user;
        return user;
    }

    /// <summary>Sign-in goes to the OpenID Connect provider instead of asking for a key (see <see cref="PageOidc"/>).</summary>
    public bool OidcEnabled { get; } = PageOidc.Enabled(config);

    /// <summary>A live key that may make shortlists and record signposts (a prescriber or admin key with a team), or null.</summary>
    public async Task<ApiKey?> KeyAsync(string secret, CancellationToken ct) =>
        await keys.FindAsync(secret.Trim(), ct) is { Team: not null } key && key.Role is Roles.Prescriber or Roles.Admin ? key : null;

    public void SignIn(HttpResponse response, string secret)
    {
        response.Cookies.Append(SignInCookie, _signIn.Protect(secret.Trim(), clock.GetUtcNow() + SignInLifetime), Options());
        response.Cookies.Delete(ShortlistCookie, Options());
    }

    public async Task SignOutAsync(HttpContext http)
    {
        http.Response.Cookies.Delete(SignInCookie, Options());
        http.Response.Cookies.Delete(ShortlistCookie, Options());
        // Signs out of the pages only, not of the provider (other services may share that sign-in).
        if (OidcEnabled) await http.SignOutAsync(PageOidc.CookieScheme);
    }

    public void SaveShortlist(HttpResponse response, IReadOnlyList<Guid> ids)
    {
        if (ids.Count == 0) response.Cookies.Delete(ShortlistCookie, Options());
        else response.Cookies.Append(ShortlistCookie, _shortlist.Protect(string.Join(',', ids)), Options());
    }

    private List<Guid> ShortlistOf(HttpContext http) => Unprotect(_shortlist, http.Request.Cookies[ShortlistCookie]) is { } list
        ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => Guid.TryParse(x, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty)]
        : [];

    private static string? Unprotect(IDataProtector protector, string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        try
        {
            return protector.Unprotect(value);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // tampered with, expired, or made with a key ring this instance does not hold
        }
    }

    private static CookieOptions Options() => new()
    {
        HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict, Path = CookiePath, IsEssential = true,
    };
}
