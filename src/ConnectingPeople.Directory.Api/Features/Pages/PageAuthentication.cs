using System.Text.Encodings.Web;
using ConnectingPeople.Directory.Api.Data.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ConnectingPeople.Directory.Api.Features.Pages;

/// <summary>
/// The pages' sign-in cookie as an authentication scheme of its own, used only by the page endpoints that need a team
/// (the API's default scheme never looks at cookies, so a cookie can never authorise an API call). Not signed in, a
/// page asks the browser to go to the sign-in form.
/// </summary>
public sealed class PageAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, PageSessions sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PageSignIn";
    public const string Policy = "page-prescriber";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync() =>
        await sessions.UserAsync(Context) is { } user
            ? AuthenticateResult.Success(new AuthenticationTicket(user.Principal, SchemeName))
            : AuthenticateResult.NoResult();

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status303SeeOther;
        Response.Headers.Location = HttpMethods.IsGet(Request.Method) ? SignInPages.SignInPath(Context) : SignInPages.Path;
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => HandleChallengeAsync(properties);

    public static void Add(IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, PageAuthenticationHandler>(SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(SchemeName).RequireRole(Roles.Prescriber, Roles.Admin));
    }
}
