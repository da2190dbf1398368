using System.Text;

namespace ConnectingPeople.Directory.Api.Features.Pages;

/// <summary>Problems with what was sent, in the order of the form: each names the field id its message links to.</summary>
public sealed class FormErrors
{
    private readonly List<(string Field, string Message)> _errors = [];

    public bool Any => _errors.Count > 0;
    public IReadOnlyList<(string Field, string Message)> All => _errors;
    public void Add(string field, string message) => _errors.Add((field, message));
    public string? For(string field) => _errors.Where(e => e.Field == field).Select(e => e.Message).FirstOrDefault();
}

/// <summary>
/// The NHS.UK frontend page around every page under /find: skip link, header with the sign-in state, error summary,
/// main, footer. Styles and the one script come from /find/assets, so the policy allows only this origin.
/// </summary>
public static class PageLayout
{
    public const string ServiceName = "Find local groups";

    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IResult Page(HttpContext http, string title, PageUser? user, Action<Html> main, FormErrors? errors = null, int status = 200)
    {
        // Form tokens are bound to who is signed in, so a page's forms carry a token for the user their post will be checked against.
        if (user is not null) http.User = user.Principal;
        var html = new Html();
        html.Raw("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex, nofollow\">")
            .Element("title", $"{(errors?.Any == true ? "Error: " : "")}{title} - {ServiceName}")
            .Raw($"<link rel=\"stylesheet\" href=\"{PageAssets.Stylesheet}\"><link rel=\"stylesheet\" href=\"{PageAssets.Path}/pages.css\">")
            .Raw($"<script type=\"module\" src=\"{PageAssets.Path}/pages.js\"></script></head><body>")
            .Raw("<a class=\"nhsuk-skip-link\" data-module=\"nhsuk-skip-link\" href=\"#maincontent\">Skip to main content</a>");
        Header(html, http, user);
        html.Raw("<div class=\"nhsuk-width-container\"><main class=\"nhsuk-main-wrapper\" id=\"maincontent\" role=\"main\">");
        if (errors?.Any == true) ErrorSummary(html, errors);
        main(html);
        html.Raw("</main></div><footer class=\"nhsuk-footer\" role=\"contentinfo\"><div class=\"nhsuk-width-container\"><div class=\"nhsuk-footer__meta\">")
            .Raw("<h2 class=\"nhsuk-u-visually-hidden\">Support links</h2><ul class=\"nhsuk-footer__list\">")
            .Raw("<li class=\"nhsuk-footer__list-item\"><a class=\"nhsuk-footer__list-item-link\" href=\"/find\">Search again</a></li>")
            .Raw("<li class=\"nhsuk-footer__list-item\"><a class=\"nhsuk-footer__list-item-link\" href=\"/swagger\">The API behind these pages</a></li></ul>")
            .Paragraph("ConnectingPeople.Directory. Times and details can change: check with the group before you go.", "nhsuk-body-s")
            .Raw("</div></div></footer></body></html>");

        Secure(http.Response);
        return TypedResults.Text(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>Pages show who is signed in and carry form tokens: never cached, never framed, only our own styles and script.</summary>
    public static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Robots-Tag"] = "noindex, nofollow";
    }

    private static void Header(Html html, HttpContext http, PageUser? user)
    {
        html.Raw("<header class=\"nhsuk-header\" role=\"banner\"><div class=\"nhsuk-header__container nhsuk-width-container\"><div class=\"nhsuk-header__service\">")
            .Element("a", ServiceName, ("class", "nhsuk-header__service-name"), ("href", "/find"))
            .Raw("</div><nav class=\"nhsuk-header__account\" aria-label=\"Account\"><ul class=\"nhsuk-header__account-list\">");
        if (user is null)
        {
            html.Raw("<li class=\"nhsuk-header__account-item\">")
                .Element("a", "Sign in to make a shortlist", ("class", "nhsuk-header__account-link"), ("href", SignInPages.SignInPath(http)))
                .Raw("</li>");
        }
        else
        {
            html.Raw("<li class=\"nhsuk-header__account-item\">")
                .Element("a", $"Shortlist ({user.Shortlist.Count})", ("class", "nhsuk-header__account-link"), ("href", ShortlistPages.Path))
                .Raw("</li><li class=\"nhsuk-header__account-item\">")
                .Element("span", user.Team, ("class", "nhsuk-header__account-link"))
                .Raw("</li><li class=\"nhsuk-header__account-item\">")
                .Open("form", ("class", "nhsuk-header__account-form"), ("action", SignInPages.SignOutPath), ("method", "post"));
            Antiforgery(html, http);
            html.Raw("<button class=\"nhsuk-header__account-button\" type=\"submit\">Sign out</button></form></li>");
        }
        html.Raw("</ul></nav></div></header>");
    }

    private static void ErrorSummary(Html html, FormErrors errors)
    {
        html.Raw("<div class=\"nhsuk-error-summary\" data-module=\"nhsuk-error-summary\" tabindex=\"-1\"><div role=\"alert\">")
            .Raw("<h2 class=\"nhsuk-error-summary__heading\">There is a problem</h2><div class=\"nhsuk-error-summary__body\"><ul class=\"nhsuk-list nhsuk-error-summary__list\">");
        foreach (var (field, message) in errors.All) html.Raw("<li>").Element("a", message, ("href", "#" + field)).Raw("</li>");
        html.Raw("</ul></div></div></div>");
    }

    /// <summary>The hidden antiforgery field every form post carries (the matching cookie is set with it).</summary>
    public static void Antiforgery(Html html, HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().GetAndStoreTokens(http);
        html.Open("input", ("type", "hidden"), ("name", tokens.FormFieldName), ("value", tokens.RequestToken));
    }

    // Form fields in the NHS.UK pattern: label, hint, inline error (also linked from the summary), control.

    public static void TextInput(Html html, string id, string name, string label, string? value, FormErrors? errors, string? hint = null,
        string type = "text", string? widthClass = null, string? autocomplete = null, bool labelIsHeading = false)
    {
        var error = errors?.For(id);
        html.Open("div", ("class", error is null ? "nhsuk-form-group" : "nhsuk-form-group nhsuk-form-group--error"));
        if (labelIsHeading) html.Raw("<h1 class=\"nhsuk-label-wrapper\">");
        html.Element("label", label, ("class", labelIsHeading ? "nhsuk-label nhsuk-label--l" : "nhsuk-label nhsuk-label--s"), ("for", id));
        if (labelIsHeading) html.Raw("</h1>");
        var describedBy = Describe(html, id, hint, error);
        html.Open("input", ("class", $"nhsuk-input{(widthClass is null ? "" : " " + widthClass)}{(error is null ? "" : " nhsuk-input--error")}"),
            ("id", id), ("name", name), ("type", type), ("value", value), ("spellcheck", "false"), ("autocomplete", autocomplete),
            ("aria-describedby", describedBy));
        html.Close("div");
    }

    public static void TextArea(Html html, string id, string name, string label, string? value, FormErrors? errors, string? hint = null, int maxLength = 500)
    {
        var error = errors?.For(id);
        html.Open("div", ("class", error is null ? "nhsuk-form-group" : "nhsuk-form-group nhsuk-form-group--error"))
            .Element("label", label, ("class", "nhsuk-label nhsuk-label--s"), ("for", id));
        var describedBy = Describe(html, id, hint, error);
        html.Open("textarea", ("class", error is null ? "nhsuk-textarea" : "nhsuk-textarea nhsuk-textarea--error"), ("id", id), ("name", name), ("rows", "4"),
            ("maxlength", maxLength.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("aria-describedby", describedBy))
            .Text(value).Close("textarea").Close("div");
    }

    public sealed record Choice(string Value, string Label, bool Selected);

    /// <summary>Checkboxes or radios in a fieldset; the first box's id is <paramref name="id"/>, so an error links to it.</summary>
    public static void Choices(Html html, string id, string name, string legend, IEnumerable<Choice> choices, FormErrors? errors, bool radios = false,
        string? hint = null, bool small = false, bool inline = false)
    {
        var error = errors?.For(id);
        var kind = radios ? "radios" : "checkboxes";
        html.Open("div", ("class", error is null ? "nhsuk-form-group" : "nhsuk-form-group nhsuk-form-group--error"))
            .Open("fieldset", ("class", "nhsuk-fieldset"), ("aria-describedby", DescribedBy(id, hint, error)))
            .Element("legend", legend, ("class", "nhsuk-fieldset__legend nhsuk-fieldset__legend--s"));
        Describe(html, id, hint, error);
        html.Open("div", ("class", $"nhsuk-{kind}{(small ? $" nhsuk-{kind}--small" : "")}{(inline ? $" nhsuk-{kind}--inline" : "")}"), ("data-module", $"nhsuk-{kind}"));
        var i = 0;
        foreach (var choice in choices)
        {
            var boxId = i++ == 0 ? id : $"{id}-{i}";
            html.Open("div", ("class", $"nhsuk-{kind}__item"))
                .Open("input", ("class", $"nhsuk-{kind}__input"), ("id", boxId), ("name", name), ("type", radios ? "radio" : "checkbox"), ("value", choice.Value),
                    ("checked", choice.Selected ? "" : null))
                .Element("label", choice.Label, ("class", $"nhsuk-label nhsuk-{kind}__label"), ("for", boxId))
                .Close("div");
        }
        html.Raw("</div></fieldset></div>");
    }

    public static void Button(Html html, string text, bool secondary = false) =>
        html.Element("button", text, ("class", secondary ? "nhsuk-button nhsuk-button--secondary" : "nhsuk-button"), ("data-module", "nhsuk-button"), ("type", "submit"));

    private static string? DescribedBy(string id, string? hint, string? error)
    {
        var ids = new[] { hint is null ? null : id + "-hint", error is null ? null : id + "-error" }.Where(x => x is not null);
        return ids.Any() ? string.Join(' ', ids) : null;
    }

    private static string? Describe(Html html, string id, string? hint, string? error)
    {
        if (hint is not null) html.Element("div", hint, ("class", "nhsuk-hint"), ("id", id + "-hint"));
        if (error is not null)
        {
            html.Open("span", ("class", "nhsuk-error-message"), ("id", id + "-error"))
                .Raw("<span class=\"nhsuk-u-visually-hidden\">Error: </span>").Text(error).Close("span");
        }
        return DescribedBy(id, hint, error);
    }

    /// <summary>A row of an NHS.UK summary list whose value is plain text.</summary>
    public static void Row(Html html, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        RowWith(html, key, h => h.Text(value));
    }

    public static void RowWith(Html html, string key, Action<Html> value)
    {
        html.Raw("<div class=\"nhsuk-summary-list__row\">").Element("dt", key, ("class", "nhsuk-summary-list__key"))
            .Raw("<dd class=\"nhsuk-summary-list__value\">");
        value(html);
        html.Raw("</dd></div>");
    }
}
