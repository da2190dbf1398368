using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Schedules;

namespace ConnectingPeople.Directory.Api.Tests.Features.Schedules;

public sealed class ScheduleRulesTests
{
    private static Schedule Session(ScheduleFrequency frequency, Weekday day, int? weekOfMonth = null, DateOnly? from = null, DateOnly? until = null) => new()
    {
        Frequency = frequency, Day = day, WeekOfMonth = weekOfMonth, StartTime = new TimeOnly(10, 0), EndTime = new TimeOnly(12, 0),
        ValidFrom = from, ValidUntil = until,
    };

    [Fact]
    public void Weekly_sessions_read_every_day_with_times() =>
        Assert.Equal("Every Tuesday, 10:00 to 12:00", ScheduleRules.Summarise(Session(ScheduleFrequency.Weekly, Weekday.Tue)));

    [Fact]
    public void Weekly_sessions_are_a_weekly_rrule() =>
        Assert.Equal("FREQ=WEEKLY;BYDAY=TU", ScheduleRules.ToRrule(Session(ScheduleFrequency.Weekly, Weekday.Tue)));

    [Fact]
    public void Fortnightly_sessions_count_from_their_first_date()
    {
        var s = Session(ScheduleFrequency.Fortnightly, Weekday.Wed, from: new DateOnly(2026, 1, 7));
        Assert.Equal("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", ScheduleRules.ToRrule(s));
        Assert.Equal("Every other Wednesday, 10:00 to 12:00, starting 7 January 2026", ScheduleRules.Summarise(s));
    }

    [Theory]
    [InlineData(2, "FREQ=MONTHLY;BYDAY=2TU", "2nd Tuesday of the month, 10:00 to 12:00")]
    [InlineData(-1, "FREQ=MONTHLY;BYDAY=-1TU", "Last Tuesday of the month, 10:00 to 12:00")]
    [InlineData(1, "FREQ=MONTHLY;BYDAY=1TU", "1st Tuesday of the month, 10:00 to 12:00")]
    public void Monthly_sessions_fall_on_the_nth_weekday(int week, string rrule, string summary)
    {
        var s = Session(ScheduleFrequency.Monthly, Weekday.Tue, week);
        Assert.Equal(rrule, ScheduleRules.ToRrule(s));
        Assert.Equal(summary, ScheduleRules.Summarise(s));
    }

    [Fact]
    public void An_end_date_becomes_an_inclusive_until()
    {
        var s = Session(ScheduleFrequency.Weekly, Weekday.Fri, until: new DateOnly(2027, 3, 31));
        Assert.Equal("FREQ=WEEKLY;BYDAY=FR;UNTIL=20270331T235959", ScheduleRules.ToRrule(s));
        Assert.EndsWith("until 31 March 2027", ScheduleRules.Summarise(s));
    }

    [Theory]
    [InlineData(Weekday.Mon, DayOfWeek.Monday)]
    [InlineData(Weekday.Sat, DayOfWeek.Saturday)]
    [InlineData(Weekday.Sun, DayOfWeek.Sunday)]
    public void Weekdays_map_both_ways(Weekday weekday, DayOfWeek day)
    {
        Assert.Equal(day, weekday.ToDayOfWeek());
        Assert.Equal(weekday, day.ToWeekday());
    }
}
