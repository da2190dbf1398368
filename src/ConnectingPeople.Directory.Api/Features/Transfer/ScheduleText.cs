using System.Globalization;
using System.Text.RegularExpressions;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Curation;
using ConnectingPeople.Directory.Api.Features.Schedules;

namespace ConnectingPeople.Directory.Api.Features.Transfer;

/// <summary>
/// Reads a session written as people write it (the same sentences the API produces: "Every Tuesday, 10:00 to 12:00",
/// "Every other Wednesday, 14:00 to 16:00, starting 7 January 2026", "2nd Tuesday of the month, 10:00 to 12:00,
/// until 31 March 2027") or as an RRULE with times ("FREQ=MONTHLY;BYDAY=-1FR 10:00-11:00").
/// </summary>
public static partial class ScheduleText
{
    private static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    private static readonly string[] ByDay = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

    [GeneratedRegex(@"^(?<when>every other (?<d2>\w+)|every (?<d1>\w+)|(?<nth>1st|2nd|3rd|4th|5th|last) (?<d3>\w+) of the month), (?<start>\d{1,2}:\d{2}) to (?<end>\d{1,2}:\d{2})(?<rest>(, (from|starting|until) \d{1,2} \w+ \d{4})*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Sentence();

    [GeneratedRegex(@"(?<kind>from|starting|until) (?<date>\d{1,2} \w+ \d{4})", RegexOptions.IgnoreCase)]
    private static partial Regex DatePart();

    [GeneratedRegex(@"^(?<rule>FREQ=[A-Z0-9=;,\-]+) (?<start>\d{1,2}:\d{2})-(?<end>\d{1,2}:\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex Rule();

    public static string Write(ScheduleWrite s) => ScheduleRules.Summarise(new Schedule
    {
        Frequency = s.Frequency, Day = s.Day, WeekOfMonth = s.WeekOfMonth, StartTime = s.Start, EndTime = s.End, ValidFrom = s.ValidFrom, ValidUntil = s.ValidUntil,
    });

    public static bool TryParse(string text, int? venue, out ScheduleWrite schedule, out string error)
    {
        schedule = new ScheduleWrite();
        error = "";
        text = text.Trim();
        var rule = Rule().Match(text);
        if (rule.Success) return TryParseRule(rule, venue, out schedule, out error);
        var m = Sentence().Match(text);
        if (!m.Success)
        {
            error = $"'{text}' is not a schedule: write it like 'Every Tuesday, 10:00 to 12:00' or 'FREQ=WEEKLY;BYDAY=TU 10:00-12:00'.";
            return false;
        }
        var dayName = (m.Groups["d1"].Success ? m.Groups["d1"] : m.Groups["d2"].Success ? m.Groups["d2"] : m.Groups["d3"]).Value.ToLowerInvariant();
        var day = Array.IndexOf(Days, dayName);
        if (day < 0) { error = $"'{dayName}' is not a day of the week."; return false; }
        var frequency = m.Groups["d2"].Success ? ScheduleFrequency.Fortnightly : m.Groups["nth"].Success ? ScheduleFrequency.Monthly : ScheduleFrequency.Weekly;
        int? week = m.Groups["nth"].Success ? m.Groups["nth"].Value.ToLowerInvariant() switch { "last" => -1, var n => n[0] - '0' } : null;
        DateOnly? from = null, until = null;
        foreach (Match part in DatePart().Matches(m.Groups["rest"].Value))
        {
            if (!DateOnly.TryParseExact(part.Groups["date"].Value, "d MMMM yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                error = $"'{part.Groups["date"].Value}' is not a date like 7 January 2026.";
                return false;
            }
            if (part.Groups["kind"].Value.Equals("until", StringComparison.OrdinalIgnoreCase)) until = date; else from = date;
        }
        if (!Times(m.Groups["start"].Value, m.Groups["end"].Value, out var start, out var end, out error)) return false;
        schedule = new ScheduleWrite { Venue = venue, Frequency = frequency, Day = (Weekday)day, WeekOfMonth = week, Start = start, End = end, ValidFrom = from, ValidUntil = until };
        return true;
    }

    private static bool TryParseRule(Match m, int? venue, out ScheduleWrite schedule, out string error)
    {
        schedule = new ScheduleWrite();
        var parts = m.Groups["rule"].Value.ToUpperInvariant().Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        var byday = parts.GetValueOrDefault("BYDAY", "");
        var dayCode = byday.Length >= 2 ? byday[^2..] : "";
        var day = Array.IndexOf(ByDay, dayCode);
        var interval = parts.GetValueOrDefault("INTERVAL", "1");
        ScheduleFrequency? frequency = null;
        int? week = null;
        switch (parts.GetValueOrDefault("FREQ"))
        {
            case "WEEKLY" when interval == "1": frequency = ScheduleFrequency.Weekly; break;
            case "WEEKLY" when interval == "2": frequency = ScheduleFrequency.Fortnightly; break;
            case "MONTHLY" when interval == "1" && int.TryParse(byday[..^2], out var n):
                frequency = ScheduleFrequency.Monthly;
                week = n;
                break;
        }
        if (day < 0 || frequency is null)
        {
            error = "the RRULE must be FREQ=WEEKLY (INTERVAL 1 or 2) or FREQ=MONTHLY with BYDAY such as TU or 2TU.";
            return false;
        }
        DateOnly? Date(string key) => parts.TryGetValue(key, out var v) && DateOnly.TryParseExact(v[..Math.Min(8, v.Length)], "yyyyMMdd", out var d) ? d : null;
        if (!Times(m.Groups["start"].Value, m.Groups["end"].Value, out var start, out var end, out error)) return false;
        schedule = new ScheduleWrite
        {
            Venue = venue, Frequency = frequency.Value, Day = (Weekday)day, WeekOfMonth = week, Start = start, End = end,
            ValidFrom = Date("DTSTART"), ValidUntil = Date("UNTIL"),
        };
        return true;
    }

    private static bool Times(string startText, string endText, out TimeOnly start, out TimeOnly end, out string error)
    {
        error = "";
        end = default;
        if (TimeOnly.TryParseExact(startText, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out start)
            && TimeOnly.TryParseExact(endText, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out end)) return true;
        error = $"'{startText}' or '{endText}' is not a time of day.";
        return false;
    }
}
