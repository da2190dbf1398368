using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.RateLimiting;

namespace ConnectingPeople.Directory.Api.Features.Pages;

/// <summary>Configuration section "Pages".</summary>
public sealed class PagesOptions
{
    public const string Section = "Pages";

    /// <summary>Serve the link workers' search pages under /find (an API-only deployment sets Pages__Enabled=false).</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Server-rendered pages for link workers under /find: search, results, a listing, sign-in and the shortlist being
/// built, ending at the printable page /s/{token}. They work with JavaScript off, are built on the API's own search,
/// listing, feedback, shortlist and signpost code, and are left out of the OpenAPI document (they are not API).
/// </summary>
public static class PagesSetup
{
    public const string SignInRateLimit = "page-sign-in";

    public static IHostApplicationBuilder AddPages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PagesOptions>().BindConfiguration(PagesOptions.Section);
        builder.Services.AddScoped<PageSessions>();
        builder.Services.AddSingleton<Shared.IRefusedInputPage, RefusedInputPage>();
        PageAuthenticationHandler.Add(builder.Services);
        PageOidc.Add(builder.Services, builder.Configuration);
        // Sign-in is the one page post open to anyone: a few tries a minute from one address is plenty for a person.
        builder.Services.AddRateLimiter(limiter => limiter.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) })));
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "cpd_antiforgery";
            options.Cookie.Path = PageSessions.CookiePath;
            options.Cookie.HttpOnly = true;
            // Secure whenever the request is (antiforgery refuses "Always" on plain http, which scripts/run.sh serves on
            // localhost); the sign-in cookie, which matters, is always Secure (browsers accept that from localhost too).
            options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.FormFieldName = "__antiforgery";
            options.HeaderName = null;
            // The security headers middleware sends X-Frame-Options: DENY on every response already.
            options.SuppressXFrameOptionsHeader = true;
        });
        return builder;
    }

    public static WebApplication MapPages(this WebApplication app)
    {
        if (!app.Configuration.GetValue(PagesOptions.Section + ":" + nameof(PagesOptions.Enabled), true)) return app;
        var pages = app.MapGroup("/find").ExcludeFromDescription();
        PageAssets.Map(pages);
        SearchPages.Map(pages);
        ListingPages.Map(pages);
        SignInPages.Map(pages);
        ShortlistPages.Map(pages);
        return app;
    }

    /// <summary>A form post's fields, or null when its antiforgery token is missing or wrong (a cross-site post).</summary>
    public static async Task<IFormCollection?> ReadFormAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType) return null;
        if (await http.RequestServices.GetRequiredService<PageSessions>().UserAsync(http) is { } user) http.User = user.Principal;
        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return null;
        }
        return await http.Request.ReadFormAsync(http.RequestAborted);
    }

    /// <summary>What a refused post sees: the form came from somewhere else, or from a page open too long.</summary>
    public static IResult Refused(HttpContext http, PageUser? user) => PageLayout.Page(http, "Form not accepted", user, html => html
        .Element("h1", "This form was not accepted")
        .Paragraph("It did not come from this page, or the page was open for too long. Go back, reload the page and try again.")
        .Link("/find", "Start a new search"), status: StatusCodes.Status400BadRequest);

    /// <summary>A local address under /find to go back to after a post, never another site.</summary>
    public static string LocalReturn(string? candidate, string fallback) =>
        candidate is { Length: > 0 and < 2000 } c && c.StartsWith("/find", StringComparison.Ordinal) && !c.StartsWith("//", StringComparison.Ordinal)
            && !c.Contains('\\') ? c : fallback;

    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    /// <summary>303 See Other: after a post, the browser follows with a GET.</summary>
    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = location;
            http.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}

/// <summary>A link in /find with a control character or broken text (a mangled paste) is a page saying so, not JSON.</summary>
public sealed class RefusedInputPage(Microsoft.Extensions.Options.IOptions<PagesOptions> options) : Shared.IRefusedInputPage
{
    public bool Serves(HttpContext context) => options.Value.Enabled && context.Request.Path.StartsWithSegments("/find");

    public Task WriteAsync(HttpContext context, Shared.Validation errors)
    {
        var form = new FormErrors();
        foreach (var (field, messages) in errors.ToDictionary())
            foreach (var message in messages) form.Add(field, $"{field} {message}");
        return PageLayout.Page(context, "There is a problem with this link", null, html => html
            .Element("h1", "There is a problem with this link", ("class", "nhsuk-heading-l"))
            .Paragraph("Part of the web address was not accepted. It may have been changed when it was copied or pasted.")
            .Raw("<p class=\"nhsuk-body\">").Link("/find", "Start a new search").Raw("</p>"), form, StatusCodes.Status400BadRequest).ExecuteAsync(context);
    }
}
