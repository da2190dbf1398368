using System.Globalization;
using ConnectingPeople.Directory.Api.Data.Entities;

namespace ConnectingPeople.Directory.Api.Features.Schedules;

public static class ScheduleNames
{
    private static readonly string[] DayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    public static string DayName(Weekday day) => DayNames[(int)day];
}

/// <summary>Turns a schedule into its RFC 5545 RRULE and a sentence a person can read.</summary>
public static class ScheduleRules
{
    private static readonly string[] ByDay = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

    public static DayOfWeek ToDayOfWeek(this Weekday day) => (DayOfWeek)(((int)day + 1) % 7);

    public static Weekday ToWeekday(this DayOfWeek day) => (Weekday)(((int)day + 6) % 7);

    /// <summary>Sets the derived fields (RRULE, fortnight anchor) from the ones a person edits.</summary>
    public static Schedule Normalise(Schedule s)
    {
        s.Rrule = ToRrule(s);
        s.AnchorWeek = s.Frequency == ScheduleFrequency.Fortnightly ? FirstSession(s).DayNumber / 7 : null;
        return s;
    }

    /// <summary>The first date on or after ValidFrom that falls on the schedule's day (a fortnight's anchor).</summary>
    public static DateOnly FirstSession(Schedule s)
    {
        var from = s.ValidFrom ?? DateOnly.MinValue;
        var offset = ((int)s.Day.ToDayOfWeek() - (int)from.DayOfWeek + 7) % 7;
        return from.AddDays(offset);
    }

    public static string ToRrule(Schedule s)
    {
        var day = ByDay[(int)s.Day];
        var rule = s.Frequency switch
        {
            ScheduleFrequency.Weekly => $"FREQ=WEEKLY;BYDAY={day}",
            ScheduleFrequency.Fortnightly => $"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}",
            ScheduleFrequency.Monthly => $"FREQ=MONTHLY;BYDAY={s.WeekOfMonth ?? 1}{day}",
            _ => throw new ArgumentOutOfRangeException(nameof(s), s.Frequency, null),
        };
        // UNTIL is inclusive; a local-time rule ends at the end of its last valid day.
        return s.ValidUntil is { } until ? $"{rule};UNTIL={until:yyyyMMdd}T235959" : rule;
    }

    public static string Summarise(Schedule s)
    {
        var day = ScheduleNames.DayName(s.Day);
        var when = s.Frequency switch
        {
            ScheduleFrequency.Weekly => $"Every {day}",
            ScheduleFrequency.Fortnightly => $"Every other {day}",
            ScheduleFrequency.Monthly => $"{Ordinal(s.WeekOfMonth ?? 1)} {day} of the month",
            _ => day,
        };
        var text = $"{when}, {s.StartTime:HH\\:mm} to {s.EndTime:HH\\:mm}";
        if (s.ValidFrom is { } from && s.Frequency != ScheduleFrequency.Fortnightly) text += $", from {Date(from)}";
        if (s.Frequency == ScheduleFrequency.Fortnightly && s.ValidFrom is { } first) text += $", starting {Date(first)}";
        if (s.ValidUntil is { } until) text += $", until {Date(until)}";
        return text;
    }

    private static string Date(DateOnly d) => d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static string Ordinal(int n) => n switch
    {
        -1 => "Last",
        1 => "1st",
        2 => "2nd",
        3 => "3rd",
        _ => $"{n}th",
    };
}
