using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ConnectingPeople.Directory.Api.Features.Pages;

/// <summary>
/// Builds a page's markup. Tags and attribute names are the code's own; every text and attribute value passes
/// through the HTML encoder, so a listing's fields (which anyone with a curator key, or an import, can set) are
/// always shown as text. <see cref="Raw"/> takes only markup written here, never data.
/// </summary>
public sealed class Html
{
    /// <summary>Escapes markup but leaves letters and symbols such as £ readable in the source.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _html = new();

    public static string Encode(string text) => Encoder.Encode(text);

    public Html Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    public Html Text(string? text)
    {
        if (!string.IsNullOrEmpty(text)) _html.Append(Encoder.Encode(text));
        return this;
    }

    /// <summary>An opening tag; an attribute with a null value is left out, one with "" is written bare (checked, required).</summary>
    public Html Open(string tag, params (string Name, string? Value)[] attributes)
    {
        _html.Append('<').Append(tag);
        foreach (var (name, value) in attributes)
        {
            if (value is null) continue;
            _html.Append(' ').Append(name);
            if (value.Length > 0) _html.Append("=\"").Append(Encoder.Encode(value)).Append('"');
        }
        _html.Append('>');
        return this;
    }

    public Html Close(string tag) => Raw($"</{tag}>");

    /// <summary>An element holding only text.</summary>
    public Html Element(string tag, string? text, params (string Name, string? Value)[] attributes) =>
        Open(tag, attributes).Text(text).Close(tag);

    public Html Link(string href, string text, string? cssClass = "nhsuk-link") => Element("a", text, ("class", cssClass), ("href", href));

    public Html Paragraph(string? text, string cssClass = "nhsuk-body") => Element("p", text, ("class", cssClass));

    public override string ToString() => _html.ToString();
}
