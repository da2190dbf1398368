using System.Text.Json.Serialization;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Shared;

namespace ConnectingPeople.Directory.Api.Features.Schedules;

/// <summary>A session as it happens: local start and end with their UTC offset (Europe/London, so BST-aware).</summary>
/// <param name="Start">When the session starts.</param>
/// <param name="End">When it ends.</param>
/// <param name="LocationId">The venue it is at; null when not at a venue.</param>
public sealed record Session(
    [property: JsonConverter(typeof(LocalTimeJsonConverter))] DateTimeOffset Start, [property: JsonConverter(typeof(LocalTimeJsonConverter))] DateTimeOffset End,
    Guid? LocationId);

/// <summary>Expands schedules into dated sessions in Europe/London local time.</summary>
public static class ScheduleExpander
{
    public static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    // Every rule we support repeats within a year, so a year ahead always finds the next session if there is one.
    private const int HorizonDays = 400;

    public static bool OccursOn(Schedule s, DateOnly date)
    {
        if (date.DayOfWeek != s.Day.ToDayOfWeek()) return false;
        if (s.ValidFrom is { } from && date < from) return false;
        if (s.ValidUntil is { } until && date > until) return false;
        return s.Frequency switch
        {
            ScheduleFrequency.Weekly => true,
            ScheduleFrequency.Fortnightly => (date.DayNumber / 7 - ScheduleRules.FirstSession(s).DayNumber / 7) % 2 == 0,
            ScheduleFrequency.Monthly => s.WeekOfMonth == WeekOfMonth(date) || (s.WeekOfMonth == -1 && IsLastOfMonth(date)),
            _ => false,
        };
    }

    /// <summary>1 for the first seven days of the month, 2 for the next seven, and so on.</summary>
    public static int WeekOfMonth(DateOnly date) => (date.Day - 1) / 7 + 1;

    public static bool IsLastOfMonth(DateOnly date) => date.Day + 7 > DateTime.DaysInMonth(date.Year, date.Month);

    /// <summary>The calendar day in the UK at an instant.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, London).DateTime);

    /// <summary>The first session starting after <paramref name="now"/>, or null when none is left.</summary>
    public static Session? NextSession(IEnumerable<Schedule> schedules, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, London);
        var today = DateOnly.FromDateTime(local.DateTime);
        var timeNow = TimeOnly.FromDateTime(local.DateTime);
        var list = schedules as IReadOnlyCollection<Schedule> ?? [.. schedules];
        for (var d = 0; d <= HorizonDays; d++)
        {
            var date = today.AddDays(d);
            var best = list.Where(s => OccursOn(s, date) && (d > 0 || s.StartTime > timeNow)).MinBy(s => s.StartTime);
            if (best is not null) return ToSession(best, date);
        }
        return null;
    }

    public static Session ToSession(Schedule s, DateOnly date) =>
        new(AtLocal(date, s.StartTime), AtLocal(date, s.EndTime), s.LocationId);

    public static DateTimeOffset AtLocal(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        // A time in the spring-forward gap does not exist; such a session starts when the clocks allow.
        if (London.IsInvalidTime(local)) local = local.AddHours(1);
        return new DateTimeOffset(local, London.GetUtcOffset(local));
    }
}
