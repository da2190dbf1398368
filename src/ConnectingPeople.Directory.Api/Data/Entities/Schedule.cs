namespace ConnectingPeople.Directory.Api.Data.Entities;

/// <summary>
/// A recurring session in Europe/London local time. Weekly and fortnightly sessions fall on <see cref="Day"/>;
/// fortnightly ones count fortnights from <see cref="ValidFrom"/>; monthly ones fall on the nth (or last, -1)
/// <see cref="Day"/> of the month.
/// </summary>
public sealed class Schedule
{
    public Guid Id { get; set; }
    public Guid AssetId { get; set; }
    public Guid? LocationId { get; set; }
    public Location? Location { get; set; }
    public ScheduleFrequency Frequency { get; set; }
    public Weekday Day { get; set; }
    public int? WeekOfMonth { get; set; }
    public TimeOnly StartTime { get; set; }
    public TimeOnly EndTime { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }

    /// <summary>The RFC 5545 RRULE the fields above correspond to, kept in step by <c>ScheduleRules</c>.</summary>
    public string Rrule { get; set; } = "";

    /// <summary>
    /// For fortnightly schedules, the week (DayNumber / 7) of the first session, so "does it meet on this date?" is
    /// a parity test SQL can answer. Kept in step by <c>ScheduleRules</c>.
    /// </summary>
    public int? AnchorWeek { get; set; }

    public string? Notes { get; set; }
}
