using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ConnectingPeople.Directory.Api.Features.Shared;

namespace ConnectingPeople.Directory.Api.Features.Signposting;

/// <summary>
/// Refuses text that looks like personal data about the person being signposted, in every form people (or people
/// trying to get round it) write it: an NHS number (10 digits with a valid modulus 11 check digit, however grouped), a
/// UK phone number (0, 44, +44, +44 (0), 0044), a date of birth (numeric, compact, or with a month name), a postcode
/// (spaced, glued to other text or split by invisible characters), an email address (with a full-width or spelled-out
/// at-sign), a street address, or a title followed by a name. The text is normalised first: NFKC, format characters
/// such as zero-width spaces removed, and every character that is not a letter or digit treated as a separator.
/// </summary>
public static partial class PersonalDataGuard
{
    private static readonly HashSet<string> Titles = ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lady", "lord", "rev", "master"];

    private static readonly HashSet<string> StreetWords =
        ["street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "close", "drive", "crescent", "grove", "terrace", "gardens", "square", "mews"];

    /// <summary>Why the text looks like personal data, or null when it does not.</summary>
    public static string? Check(string text)
    {
        var plain = Normalise(text);
        var words = Words().Matches(plain).Select(m => m.Value).ToList();
        var parts = Split(words);
        if (IsEmail(plain, parts)) return "looks like an email address; we store no contact details of the person signposted.";
        foreach (var digits in DigitGroups(words))
        {
            if (digits.Length == 10 && IsNhsNumber(digits)) return "looks like an NHS number; we store no NHS numbers.";
            if (IsPhone(digits)) return "looks like a phone number; we store no contact details of the person signposted.";
        }
        if (HasPostcode(words)) return "looks like a postcode; we store no addresses of the person signposted.";
        if (HasDate(words, parts)) return "looks like a date (of birth?); we store no dates of birth.";
        if (HasStreetAddress(parts)) return "looks like a street address; we store no addresses of the person signposted.";
        if (HasTitledName(parts)) return "looks like a person's name (a title and a name); we store no names of the person signposted.";
        return null;
    }

    /// <summary>
    /// A case-system reference: the checks above, and 1-64 letters, digits and - _ / . # : with at least one digit
    /// (so a name on its own is refused).
    /// </summary>
    public static string? CheckReference(string reference)
    {
        if (reference.Length > 64) return "must be at most 64 characters.";
        if (Check(reference) is { } problem) return problem;
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

    /// <summary>Words split into letter and digit runs and at lower-to-upper case changes, without ordinal suffixes (1st, 2nd).</summary>
    private static List<string> Split(List<string> words)
    {
        var parts = new List<string>();
        foreach (var part in words.SelectMany(w => Parts().Matches(w).Select(m => m.Value)))
        {
            if (parts.Count > 0 && parts[^1].All(char.IsAsciiDigit) && part.ToLowerInvariant() is "st" or "nd" or "rd" or "th") continue;
            parts.Add(part);
        }
        return parts;
    }

    /// <summary>NFKC (full-width letters and at-signs become plain ones), without format characters (zero-width spaces, soft hyphens).</summary>
    private static string Normalise(string text)
    {
        var normal = InputText.Problem(text, multiline: true) is null ? InputText.Normalise(text) : text;
        var kept = new StringBuilder(normal.Length);
        foreach (var c in normal)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format) kept.Append(c);
        return kept.ToString();
    }

    /// <summary>Runs of digits in consecutive all-digit words, joined: "943 476 5919", "07700_900_123", "+44 (0)7700 900123".</summary>
    private static IEnumerable<string> DigitGroups(List<string> words)
    {
        var group = new StringBuilder();
        foreach (var word in words.Append(""))
        {
            if (word.Length > 0 && word.All(char.IsAsciiDigit))
            {
                group.Append(word);
                continue;
            }
            if (group.Length > 0) yield return group.ToString();
            group.Clear();
            // Digits glued to letters ("tel07700900123") are a group of their own.
            foreach (Match run in DigitRun().Matches(word)) yield return run.Value;
        }
    }

    private static bool IsPhone(string digits)
    {
        var national = digits.StartsWith("0044", StringComparison.Ordinal) ? digits[4..]
            : digits.StartsWith("44", StringComparison.Ordinal) && digits.Length >= 11 ? digits[2..]
            : digits.StartsWith('0') ? digits[1..]
            : null;
        if (national is null) return false;
        if (national.StartsWith('0')) national = national[1..];
        return national.Length is 9 or 10 && national[0] != '0';
    }

    private static bool HasPostcode(List<string> words)
    {
        if (words.Any(w => GluedPostcode().IsMatch(w))) return true;
        for (var i = 0; i + 1 < words.Count; i++)
            if (Outward().IsMatch(words[i]) && Inward().IsMatch(words[i + 1])) return true;
        return false;
    }

    private static bool IsEmail(string plain, List<string> parts)
    {
        if (EmailPattern().IsMatch(SpacedEmail().Replace(plain, "$1"))) return true;
        // Spelled out: "jane at example dot com", "jane(at)example(dot)co(dot)uk".
        for (var i = 1; i + 3 < parts.Count; i++)
            if (parts[i].Equals("at", StringComparison.OrdinalIgnoreCase) && parts[i + 2].Equals("dot", StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static bool HasDate(List<string> words, List<string> parts)
    {
        // Compact: 01021950 or 19500201, for years a person now alive was born in.
        foreach (var word in words.Where(w => w.Length == 8 && w.All(char.IsAsciiDigit)))
            if (Born(word[4..], word[2..4], word[..2]) || Born(word[..4], word[4..6], word[6..])) return true;
        for (var i = 0; i + 2 < parts.Count; i++)
        {
            var (a, b, c) = (parts[i], parts[i + 1], parts[i + 2]);
            if (Day(a) && Month(b) is not null && Year(c)) return true; // 1/2/1950, 1 Feb 1950, 1st February 50
            if (a.Length == 4 && Year(a) && Month(b) is not null && Day(c)) return true; // 1950-02-01
            if (MonthName(a) && Day(b) && Year(c)) return true; // February 1, 1950
        }
        for (var i = 0; i + 1 < parts.Count; i++)
            if (MonthName(parts[i]) && parts[i + 1].Length == 4 && int.TryParse(parts[i + 1], out var year) && year is >= 1900 and <= 2015) return true;
        return false;

        static bool Born(string year, string month, string day) =>
            int.TryParse(year, out var y) && y is >= 1900 and <= 2015 && DateOnly.TryParseExact($"{year}-{month}-{day}", "yyyy-MM-dd", out _);
    }

    private static bool Day(string part) =>
        part.Length is 1 or 2 && part.All(char.IsAsciiDigit) && int.Parse(part, CultureInfo.InvariantCulture) is >= 1 and <= 31;

    private static int? Month(string part) =>
        part.All(char.IsAsciiDigit) ? part.Length is 1 or 2 && int.Parse(part, CultureInfo.InvariantCulture) is var m and >= 1 and <= 12 ? m : null
        : MonthName(part) ? 1 : null;

    private static bool MonthName(string part) =>
        part.Length >= 3 && (part.Equals("sept", StringComparison.OrdinalIgnoreCase)
            || CultureInfo.InvariantCulture.DateTimeFormat.MonthNames.Any(name => name.Length > 0 && name.StartsWith(part, StringComparison.OrdinalIgnoreCase)));

    private static bool Year(string part) => part.All(char.IsAsciiDigit) && (part.Length == 2 || (part.Length == 4 && part[0] is '1' or '2'));

    /// <summary>A house number, up to two words, then a street word: "12 Acacia Avenue", "3a Mill Lane".</summary>
    private static bool HasStreetAddress(List<string> parts)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            if (!HouseNumber().IsMatch(parts[i])) continue;
            for (var j = i + 2; j <= i + 3 && j < parts.Count; j++)
                if (StreetWords.Contains(parts[j].ToLowerInvariant()) && parts.Skip(i + 1).Take(j - i - 1).All(p => p.All(char.IsLetter))) return true;
        }
        return false;
    }

    private static bool HasTitledName(List<string> parts)
    {
        for (var i = 0; i + 1 < parts.Count; i++)
            if (Titles.Contains(parts[i].ToLowerInvariant()) && parts[i + 1].Length >= 2 && parts[i + 1].All(char.IsLetter)) return true;
        return false;
    }

    [GeneratedRegex(@"[\p{L}\p{Nd}]+")]
    private static partial Regex Words();

    // Within a word: a run of digits, or of letters split where a capital follows a lower-case letter (MrsJaneSmith).
    [GeneratedRegex(@"\p{Nd}+|\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})|\p{L}+")]
    private static partial Regex Parts();

    [GeneratedRegex(@"\p{Nd}+")]
    private static partial Regex DigitRun();

    // A postcode inside one word, glued to other letters ("refS12HE"); the inward letters leave out C I K M O V.
    [GeneratedRegex(@"[A-Za-z]{1,2}[0-9][A-Za-z0-9]?[0-9][ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}(?![A-Za-z])")]
    private static partial Regex GluedPostcode();

    [GeneratedRegex(@"^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?$")]
    private static partial Regex Outward();

    [GeneratedRegex(@"^[0-9][ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}$")]
    private static partial Regex Inward();

    [GeneratedRegex(@"[^@\s]+@[^@\s]+\.[^@\s]+")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"\s*([@.])\s*")]
    private static partial Regex SpacedEmail();

    [GeneratedRegex(@"^[0-9]{1,4}[A-Za-z]?$")]
    private static partial Regex HouseNumber();

    [GeneratedRegex(@"^[A-Za-z0-9\-_/.#:]+$")]
    private static partial Regex ReferencePattern();
}
