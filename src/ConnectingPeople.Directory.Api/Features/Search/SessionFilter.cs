using ConnectingPeople.Directory.Api.Data.Entities;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>The time conditions of a search, for one schedule in memory (the SQL twin is <see cref="AssetFilters.MeetingWhen"/>).</summary>
public static class SessionFilter
{
    private static readonly TimeOnly Noon = new(12, 0);
    private static readonly TimeOnly Five = new(17, 0);

    public static bool Fits(Schedule s, SearchRequest r) =>
        (r.Days.Count == 0 || r.Days.Contains(s.Day))
        && r.Time switch
        {
            TimeOfDay.Morning => s.StartTime < Noon,
            TimeOfDay.Afternoon => s.StartTime >= Noon && s.StartTime < Five,
            TimeOfDay.Evening => s.StartTime >= Five,
            _ => true,
        }
        && (r.From is not { } from || s.EndTime > from)
        && (r.To is not { } to || s.StartTime < to)
        && (r.StartsAfter is not { } after || s.StartTime > after);
}
