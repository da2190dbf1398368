using System.Text.RegularExpressions;

namespace ConnectingPeople.Directory.Api.Features.Postcodes;

public enum PostcodeLevel { Postcode, Sector, District }

/// <summary>A UK postcode, sector ("S10 5") or district ("S10"), normalised to upper case with one space.</summary>
public sealed record ParsedPostcode(PostcodeLevel Level, string District, string? Sector, string? Full)
{
    public string Code => Full ?? Sector ?? District;

    /// <summary>What a log or an anonymous record may keep: never the full postcode.</summary>
    public string Redacted => District;
}

public static partial class PostcodeFormat
{
    [GeneratedRegex("^(?<district>[A-Z]{1,2}[0-9][A-Z0-9]?)(?<sector>[0-9])(?<unit>[A-Z]{2})$")]
    private static partial Regex FullPattern();

    [GeneratedRegex("^(?<district>[A-Z]{1,2}[0-9][A-Z0-9]?) (?<sector>[0-9])$")]
    private static partial Regex SectorPattern();

    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]?$")]
    private static partial Regex DistrictPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    public static bool TryParse(string? raw, out ParsedPostcode parsed)
    {
        parsed = null!;
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 16) return false;
        var spaced = Whitespace().Replace(raw.Trim().ToUpperInvariant(), " ");
        var compact = spaced.Replace(" ", "");

        var full = FullPattern().Match(compact);
        if (full.Success)
        {
            var district = full.Groups["district"].Value;
            var sector = $"{district} {full.Groups["sector"].Value}";
            parsed = new ParsedPostcode(PostcodeLevel.Postcode, district, sector, $"{sector}{full.Groups["unit"].Value}");
            return true;
        }
        var sectorMatch = SectorPattern().Match(spaced);
        if (sectorMatch.Success)
        {
            var district = sectorMatch.Groups["district"].Value;
            parsed = new ParsedPostcode(PostcodeLevel.Sector, district, $"{district} {sectorMatch.Groups["sector"].Value}", null);
            return true;
        }
        if (DistrictPattern().IsMatch(compact))
        {
            parsed = new ParsedPostcode(PostcodeLevel.District, compact, null, null);
            return true;
        }
        return false;
    }
}
