using Microsoft.AspNetCore.Authentication;

namespace ConnectingPeople.Directory.Api.Features.Pages;

/// <summary>
/// Signing in with the team's prescriber key, entered once into a form (never a URL), then held in an encrypted cookie
/// (<see cref="PageSessions"/>); or, where single sign-on is configured, with the OpenID Connect provider (<see cref="PageOidc"/>). Searching needs no sign-in; shortlists and signposting records belong to a team.
/// </summary>
public static class SignInPages
{
    public const string Path = "/find/sign-in";
    public const string SignOutPath = "/find/sign-out";

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/sign-in", async (HttpContext http, PageSessions sessions, string? @return) =>
        {
            var user = await sessions.UserAsync(http);
            var back = PagesSetup.LocalReturn(@return, "/find");
            return sessions.OidcEnabled && user is null
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = back }, [PageOidc.Scheme])
                : Form(http, user, back, null);
        });
        pages.MapPost("/sign-in", SignInAsync).WithName("PagesSignIn").RequireRateLimiting(PagesSetup.SignInRateLimit);
        pages.MapPost("/sign-out", async (HttpContext http, PageSessions sessions) =>
        {
            if (await PagesSetup.ReadFormAsync(http) is null) return PagesSetup.Refused(http, await sessions.UserAsync(http));
            await sessions.SignOutAsync(http);
            return PagesSetup.SeeOther("/find");
        }).RequireAuthorization(PageAuthenticationHandler.Policy);
    }

    /// <summary>The sign-in page, coming back to the page the link worker was on.</summary>
    public static string SignInPath(HttpContext http) =>
        http.Request.Path.StartsWithSegments(Path) ? Path : $"{Path}?return={Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)}";

    private static async Task<IResult> SignInAsync(HttpContext http, PageSessions sessions)
    {
        var form = await PagesSetup.ReadFormAsync(http);
        if (form is null) return PagesSetup.Refused(http, await sessions.UserAsync(http));
        var back = PagesSetup.LocalReturn(form["return"], "/find");
        if (sessions.OidcEnabled) return PagesSetup.SeeOther(Path); // with single sign-on, keys are not taken here
        var secret = form["key"].ToString();
        var errors = new FormErrors();
        if (string.IsNullOrWhiteSpace(secret)) errors.Add("key", "Enter your team's prescriber key");
        else if (await sessions.KeyAsync(secret, http.RequestAborted) is null)
            errors.Add("key", "This key was not accepted: check it, or ask your administrator for your team's prescriber key");
        if (errors.Any) return Form(http, null, back, errors);
        sessions.SignIn(http.Response, secret);
        return PagesSetup.SeeOther(back);
    }

    private static IResult Form(HttpContext http, PageUser? user, string back, FormErrors? errors) =>
        PageLayout.Page(http, "Sign in", user, html =>
        {
            html.Raw("<div class=\"nhsuk-grid-row\"><div class=\"nhsuk-grid-column-two-thirds\">");
            if (user is not null)
            {
                html.Element("h1", "You are signed in").Paragraph($"You are signed in for {user.Team}.").Link(back, "Carry on");
                html.Raw("</div></div>");
                return;
            }
            html.Open("form", ("action", Path), ("method", "post"), ("novalidate", ""));
            PageLayout.Antiforgery(html, http);
            html.Open("input", ("type", "hidden"), ("name", "return"), ("value", back));
            PageLayout.TextInput(html, "key", "key", "Sign in with your team's prescriber key", null, errors, type: "password",
                hint: "Your administrator gives each team a key. You enter it once: this browser keeps you signed in for 12 hours, or until you sign out.",
                autocomplete: "off", labelIsHeading: true);
            PageLayout.Button(html, "Sign in");
            html.Raw("</form>")
                .Paragraph("You can search without signing in. Signing in lets you make a shortlist to print or send, and record who you signposted where (no personal details are kept).")
                .Raw("</div></div>");
        }, errors, errors?.Any == true ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
}
