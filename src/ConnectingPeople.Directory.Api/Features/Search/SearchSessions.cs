using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Schedules;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>Which of a listing's sessions a search result shows and sorts by.</summary>
public static class SearchSessions
{
    /// <summary>The sessions held at a venue (or anywhere, when a schedule names no venue).</summary>
    public static List<Schedule> At(IEnumerable<Schedule> schedules, Guid? venueId)
    {
        var all = schedules.ToList();
        var here = all.Where(s => s.LocationId is null || s.LocationId == venueId).ToList();
        return here.Count > 0 ? here : all;
    }

    /// <summary>The next session that fits the time asked for; with a date asked for, a session on that date or none.</summary>
    public static Session? Next(SearchRequest r, IEnumerable<Schedule> schedules, Guid? venueId, DateTimeOffset now)
    {
        var fitting = At(schedules, venueId).Where(s => SessionFilter.Fits(s, r)).ToList();
        var from = r.On is { } on ? ScheduleExpander.AtLocal(on, TimeOnly.MinValue).AddTicks(-1) : now;
        var next = ScheduleExpander.NextSession(fitting, from > now ? from : now);
        return r.On is { } day && next is not null && ScheduleExpander.LocalDate(next.Start) != day ? null : next;
    }

    /// <summary>Today's sessions that have already started are no use to someone asking what is on today.</summary>
    public static SearchRequest Today(SearchRequest r, DateTimeOffset now) =>
        r.On is { } on && on == ScheduleExpander.LocalDate(now) && r.StartsAfter is null
            ? r with { StartsAfter = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, ScheduleExpander.London).DateTime) }
            : r;
}
