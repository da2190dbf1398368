using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Schedules;
using CsCheck;

namespace ConnectingPeople.Directory.Api.Tests.Features.Schedules;

/// <summary>Schedule expansion against a naive day-by-day walk, across the clocks changing.</summary>
public sealed class ScheduleExpanderTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static readonly Gen<Schedule> Schedules =
        Gen.Select(Gen.Enum<ScheduleFrequency>(), Gen.Enum<Weekday>(), Gen.OneOfConst(1, 2, 3, 4, -1), Gen.Int[6, 20], Gen.Int[1, 3],
            Gen.Int[0, 900].Nullable(), Gen.Int[0, 900].Nullable(),
            (frequency, day, week, startHour, hours, fromOffset, untilOffset) =>
            {
                var epoch = new DateOnly(2026, 1, 1);
                DateOnly? from = fromOffset is { } f ? epoch.AddDays(f) : null;
                DateOnly? until = untilOffset is { } u ? epoch.AddDays(u) : null;
                if (frequency == ScheduleFrequency.Fortnightly) from ??= epoch;
                return ScheduleRules.Normalise(new Schedule
                {
                    Frequency = frequency, Day = day, WeekOfMonth = frequency == ScheduleFrequency.Monthly ? week : null,
                    StartTime = new TimeOnly(startHour, 0), EndTime = new TimeOnly(Math.Min(startHour + hours, 23), 30),
                    ValidFrom = from, ValidUntil = until,
                });
            });

    /// <summary>The oracle: does the schedule meet on this date, by listing its sessions the long way?</summary>
    internal static bool NaiveOccursOn(Schedule s, DateOnly date)
    {
        if ((s.ValidFrom is { } f && date < f) || (s.ValidUntil is { } u && date > u)) return false;
        var dayOfWeek = (DayOfWeek)(((int)s.Day + 1) % 7);
        switch (s.Frequency)
        {
            case ScheduleFrequency.Weekly:
                return date.DayOfWeek == dayOfWeek;
            case ScheduleFrequency.Fortnightly:
                var session = s.ValidFrom!.Value;
                while (session.DayOfWeek != dayOfWeek) session = session.AddDays(1);
                while (session < date) session = session.AddDays(14);
                return session == date;
            default:
                var days = Enumerable.Range(1, DateTime.DaysInMonth(date.Year, date.Month))
                    .Select(d => new DateOnly(date.Year, date.Month, d)).Where(d => d.DayOfWeek == dayOfWeek).ToList();
                var chosen = s.WeekOfMonth == -1 ? days[^1] : days[s.WeekOfMonth!.Value - 1];
                return chosen == date;
        }
    }

    [Fact]
    public void Occurs_on_agrees_with_listing_the_sessions_one_by_one() =>
        Gen.Select(Schedules, Gen.Int[0, 1100]).Sample((s, offset) =>
        {
            var date = new DateOnly(2026, 1, 1).AddDays(offset);
            return ScheduleExpander.OccursOn(s, date) == NaiveOccursOn(s, date);
        }, iter: 5_000);

    [Fact]
    public void The_next_session_is_the_first_one_a_day_by_day_walk_finds_across_clock_changes()
    {
        // "Now" moves through 2026-2028, including the weeks either side of each change of the clocks.
        var nows = Gen.Int[0, 3 * 365 * 24].Select(hours => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(hours).AddMinutes(17));
        Gen.Select(Schedules.Array[1, 3], nows).Sample((schedules, now) =>
        {
            var actual = ScheduleExpander.NextSession(schedules, now);

            DateTimeOffset? expected = null;
            var localToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, London).DateTime);
            for (var d = 0; d <= 400 && expected is null; d++)
            {
                var date = localToday.AddDays(d);
                var starts = schedules.Where(s => NaiveOccursOn(s, date))
                    .Select(s => new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(s.StartTime), London), TimeSpan.Zero))
                    .Where(start => start > now).ToList();
                if (starts.Count > 0) expected = starts.Min();
            }

            if (expected is null) return actual is null;
            return actual is not null && actual.Start.UtcDateTime == expected.Value.UtcDateTime
                && actual.Start.Offset == London.GetUtcOffset(expected.Value.UtcDateTime);
        }, iter: 2_000);
    }

    [Theory]
    [InlineData("2026-03-28T12:00:00Z", "2026-03-29T10:00:00+01:00")]
    [InlineData("2026-10-24T12:00:00Z", "2026-10-25T10:00:00+00:00")]
    public void A_Sunday_session_after_the_clocks_change_carries_the_new_offset(string now, string expected)
    {
        var sunday = ScheduleRules.Normalise(new Schedule { Frequency = ScheduleFrequency.Weekly, Day = Weekday.Sun, StartTime = new TimeOnly(10, 0), EndTime = new TimeOnly(11, 0) });

        var next = ScheduleExpander.NextSession([sunday], DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next!.Start);
        Assert.Equal(TimeSpan.Parse(expected[^5..].TrimStart('+')), next.Start.Offset);
    }
}
