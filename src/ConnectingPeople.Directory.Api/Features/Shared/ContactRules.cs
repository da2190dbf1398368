using System.Text.RegularExpressions;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>
/// What a website, an email address and a phone number must be to be stored, and so to be published: the Open
/// Referral UK validator checks websites as well-formed absolute URIs and emails by format, and one bad value fails a
/// whole feed. The ORUK mapper applies the same rules on the way out, so a value stored before they existed is left
/// out rather than published invalid.
/// </summary>
public static partial class ContactRules
{
    public const string WebsiteMessage = "must be a well-formed absolute http or https address, such as https://example.org/page (spaces, quotes and angle brackets escaped).";
    public const string EmailMessage = "is not an email address (name@example.org).";
    public const string PhoneMessage = "is not a UK phone number (for example 0114 496 0000 or +44 114 496 0000).";

    // Dot-atom local part and a DNS host name with a letters-only top-level domain: what HSDS consumers and mail
    // servers accept, without quoted local parts or IP literals.
    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")]
    private static partial Regex EmailPattern();

    // What a UK number may be written with: digits, spaces, hyphens, brackets and a leading plus.
    [GeneratedRegex(@"^\+?[0-9 ()\-]+$")]
    private static partial Regex PhoneCharacters();

    // The national form: 0 then 9 or 10 digits, the first not 0.
    [GeneratedRegex(@"^0[1-9][0-9]{8,9}$")]
    private static partial Regex NationalNumber();

    // +44, +44 (0) or a bracketed area code such as (0114), each read as the national 0.
    [GeneratedRegex(@"^(\+44\(0\)|\+44|\((?=0[0-9]{2,5}\)))")]
    private static partial Regex InternationalPrefix();

    public static bool IsWebsite(string value) =>
        value.Length <= 2_000 && Uri.IsWellFormedUriString(value, UriKind.Absolute)
        && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 && uri.UserInfo.Length == 0;

    public static bool IsEmail(string value) => value.Length <= 254 && value.IndexOf('@') is > 0 and <= 64 && EmailPattern().IsMatch(value);

    public static bool IsUkPhone(string value)
    {
        if (value.Length > 30 || !PhoneCharacters().IsMatch(value)) return false;
        var compact = value.Replace(" ", "").Replace("-", "");
        var national = InternationalPrefix().Replace(compact, m => m.Value == "(" ? "" : "0", 1);
        if (national.StartsWith("00", StringComparison.Ordinal)) return false;
        var areaClosed = national.IndexOf(')');
        if (areaClosed > 0 && compact.StartsWith('(')) national = national.Remove(areaClosed, 1);
        return NationalNumber().IsMatch(national);
    }

    /// <summary>The value when it may be published, else null (left out of the feed).</summary>
    public static string? Publishable(string? value, Func<string, bool> rule) => value is not null && rule(value) ? value : null;
}
