using System.Globalization;
using System.Text;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>
/// The one check every text value from outside passes, wherever it comes from (query string, route, JSON body, imported
/// file): refused when it carries a control character or broken Unicode, then normalised to NFKC, so that look-alikes
/// (full-width letters, ligatures, superscripts) meet every later rule as the characters they read as. PostgreSQL cannot
/// store NUL at all, and the other controls (and bidirectional overrides) only hide or disguise text from the people who
/// read it. Tab and line breaks are allowed where a field is multi-line (bodies and files), never in a URL.
/// </summary>
public static class InputText
{
    /// <summary>Longest value of one query parameter: a URL carries codes and short text, never documents.</summary>
    public const int MaxQueryValueLength = 2_000;

    /// <summary>Longest string anywhere in a JSON body; each field's own rule is tighter (a description is 5,000).</summary>
    public const int MaxBodyStringLength = 10_000;

    /// <summary>What is wrong with the text, in the API's words, or null when it may go on to the field's own rules.</summary>
    public static string? Problem(string value, bool multiline)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) return "is not valid Unicode text (it has half a surrogate pair).";
            if (multiline && c is '\t' or '\n' or '\r') continue;
            if (char.IsControl(c))
                return $"must not contain control characters (found U+{(int)c:X4}){(multiline ? "; only tab and line breaks are allowed" : "")}.";
            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
                return $"must not contain bidirectional override characters (found U+{(int)c:X4}).";
        }
        return null;
    }

    /// <summary>NFKC, for text that has passed <see cref="Problem"/>.</summary>
    public static string Normalise(string value) =>
        value.IsNormalized(NormalizationForm.FormKC) ? value : value.Normalize(NormalizationForm.FormKC);

    /// <summary>Checks then normalises: the text to use, or the reason it was refused.</summary>
    public static (string Value, string? Problem) Clean(string value, bool multiline) =>
        Problem(value, multiline) is { } problem ? (value, problem) : (Normalise(value), null);

    /// <summary>A field name fit to show back in a problem, even when the caller put controls in it.</summary>
    public static string Printable(string name) =>
        string.Concat(name.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString(CultureInfo.InvariantCulture)));
}
