using System.Text.RegularExpressions;

namespace ConnectingPeople.Directory.Api.Features.Signposting;

/// <summary>
/// Refuses text that looks like personal data about the person being signposted: an NHS number (10 digits with a
/// valid modulus 11 check digit), a UK postcode, an email address, a UK phone number or a date (of birth).
/// </summary>
public static partial class PersonalDataGuard
{
    /// <summary>Why the text looks like personal data, or null when it does not.</summary>
    public static string? Check(string text)
    {
        if (EmailPattern().IsMatch(text)) return "looks like an email address; we store no contact details of the person signposted.";
        var compact = Separators().Replace(text, "");
        foreach (Match run in DigitRun().Matches(compact))
        {
            if (run.Value.Length == 10 && IsNhsNumber(run.Value)) return "looks like an NHS number; we store no NHS numbers.";
        }
        if (PhonePattern().IsMatch(compact)) return "looks like a phone number; we store no contact details of the person signposted.";
        if (PostcodePattern().IsMatch(text) || PostcodePattern().IsMatch(Punctuation().Replace(text, " "))) return "looks like a postcode; we store no addresses of the person signposted.";
        if (DatePattern().IsMatch(text)) return "looks like a date (of birth?); we store no dates of birth.";
        return null;
    }

    /// <summary>
    /// A case-system reference: the checks above, and 1-64 letters, digits and - _ / . # : with at least one digit
    /// (so a name on its own is refused).
    /// </summary>
    public static string? CheckReference(string reference)
    {
        if (Check(reference) is { } problem) return problem;
        if (reference.Length > 64) return "must be at most 64 characters.";
        if (!ReferencePattern().IsMatch(reference))
            return "must be an opaque case reference: letters, digits and - _ / . # : only, no spaces (names are personal data).";
        if (!reference.Any(char.IsAsciiDigit)) return "must contain a digit: an opaque case reference, not a name.";
        return null;
    }

    /// <summary>An NHS number: 10 digits whose weighted sum (10 down to 2) gives the 10th as its modulus 11 check digit.</summary>
    public static bool IsNhsNumber(string digits)
    {
        if (digits.Length != 10 || !digits.All(char.IsAsciiDigit)) return false;
        var sum = 0;
        for (var i = 0; i < 9; i++) sum += (digits[i] - '0') * (10 - i);
        var check = 11 - (sum % 11);
        if (check == 11) check = 0;
        return check != 10 && check == digits[9] - '0';
    }

    [GeneratedRegex(@"[^@\s]+@[^@\s]+\.[^@\s]+")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"[\s\-().]")]
    private static partial Regex Separators();

    [GeneratedRegex(@"[\-_/.#:,;]")]
    private static partial Regex Punctuation();

    [GeneratedRegex(@"\d+")]
    private static partial Regex DigitRun();

    [GeneratedRegex(@"(?<!\d)(?:\+44|0044|0)\d{9,10}(?!\d)")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}(?![A-Za-z0-9])")]
    private static partial Regex PostcodePattern();

    [GeneratedRegex(@"(?<!\d)(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)?\d{2}|(?:19|20)\d{2}-\d{2}-\d{2})(?!\d)")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^[A-Za-z0-9\-_/.#:]+$")]
    private static partial Regex ReferencePattern();
}
