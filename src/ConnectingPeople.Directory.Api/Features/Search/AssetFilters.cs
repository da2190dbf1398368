using System.Linq.Expressions;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Schedules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>The non-spatial search filters, each a composable IQueryable extension translated to SQL.</summary>
public static class AssetFilters
{
    public static IQueryable<Asset> Matching(this IQueryable<Asset> assets, SearchRequest r, DateTimeOffset now)
    {
        assets = assets.WithStatus(r.IncludeInactive).WithInterests(r.Interests, r.AllInterests).MatchingText(r.TextTerms)
            .WithAllTerms(r.Accessibility).WithAnyTerm(r.Audiences).MeetingWhen(r);
        if (r.Delivery is { } delivery) assets = assets.Where(a => a.DeliveryModes.Contains(delivery));
        if (r.Free) assets = assets.Free();
        if (r.MaxCost is { } max) assets = assets.CostingAtMost(max);
        if (r.Age is { } age) assets = assets.Where(a => (a.MinAge == null || a.MinAge <= age) && (a.MaxAge == null || a.MaxAge >= age));
        if (r.AcceptingNewMembers) assets = assets.Where(a => a.AcceptingNewMembers);
        if (r.VerifiedWithinDays is { } days)
        {
            var since = now.AddDays(-days).ToUniversalTime();
            assets = assets.Where(a => a.LastVerifiedAt >= since);
        }
        return assets;
    }

    public static IQueryable<Asset> WithStatus(this IQueryable<Asset> assets, bool includeInactive) =>
        includeInactive ? assets : assets.Where(a => a.Status == AssetStatus.Active);

    /// <summary>Any (or all) of the interests, each matching its own term or any term below it.</summary>
    public static IQueryable<Asset> WithInterests(this IQueryable<Asset> assets, IReadOnlyList<InterestFilter> interests, bool all)
    {
        if (interests.Count == 0) return assets;
        if (!all)
        {
            var ids = interests.SelectMany(i => i.TermIds).Distinct().ToList();
            return assets.Where(a => a.Terms.Any(t => ids.Contains(t.TermId)));
        }
        return assets.WithEveryInterest(interests);
    }

    /// <summary>
    /// Every interest, as one set-based condition: the listing's matching terms, each labelled with the interest it
    /// satisfies, must cover them all. A subquery per interest made the planner's work grow steeply with the number of
    /// codes (74 codes held a backend for 92 s). Terms form a tree, so two interests' term sets are nested or disjoint;
    /// the wider of a nested pair is implied by the narrower and dropped, which leaves disjoint sets: one label per term.
    /// </summary>
    private static IQueryable<Asset> WithEveryInterest(this IQueryable<Asset> assets, IReadOnlyList<InterestFilter> interests)
    {
        var sets = new List<HashSet<Guid>>();
        foreach (var set in interests.Select(i => i.TermIds.ToHashSet()))
            if (!sets.Any(s => s.SetEquals(set))) sets.Add(set);
        sets = [.. sets.Where(s => !sets.Any(other => other != s && other.IsProperSubsetOf(s)))];
        if (sets.Any(s => s.Count == 0)) return assets.Where(_ => false);
        if (sets.Count == 1)
        {
            var only = sets[0].ToList();
            return assets.Where(a => a.Terms.Any(t => only.Contains(t.TermId)));
        }

        var term = Expression.Parameter(typeof(AssetTerm), "t");
        Expression label = Expression.Constant(-1);
        for (var i = sets.Count - 1; i >= 0; i--)
        {
            var inSet = In([.. sets[i]]);
            label = Expression.Condition(ReplacingExpressionVisitor.Replace(inSet.Parameters[0], term, inSet.Body), Expression.Constant(i), label);
        }
        var labelOf = Expression.Lambda<Func<AssetTerm, int>>(label, term);
        var all = sets.SelectMany(s => s).ToList();
        var count = sets.Count;
        return assets.Where(a => a.Terms.AsQueryable().Where(t => all.Contains(t.TermId)).Select(labelOf).Distinct().Count() == count);
    }

    private static Expression<Func<AssetTerm, bool>> In(List<Guid> ids) => t => ids.Contains(t.TermId);

    /// <summary>Every one of these terms, counted in one subquery (term ids are unique per listing).</summary>
    public static IQueryable<Asset> WithAllTerms(this IQueryable<Asset> assets, IReadOnlyList<Guid> termIds)
    {
        if (termIds.Count == 0) return assets;
        var ids = termIds.Distinct().ToList();
        var count = ids.Count;
        return assets.Where(a => a.Terms.Count(t => ids.Contains(t.TermId)) == count);
    }

    public static IQueryable<Asset> WithAnyTerm(this IQueryable<Asset> assets, IReadOnlyList<Guid> termIds)
    {
        if (termIds.Count == 0) return assets;
        var ids = termIds.ToList();
        return assets.Where(a => a.Terms.Any(t => ids.Contains(t.TermId)));
    }

    /// <summary>
    /// Every word must match, either as an English stem (walks, walking) through the GIN-indexed tsvector, or as a
    /// near spelling (knittng) through pg_trgm word similarity on the same text.
    /// </summary>
    public static IQueryable<Asset> MatchingText(this IQueryable<Asset> assets, IReadOnlyList<string> terms)
    {
        foreach (var term in terms)
        {
            assets = term.Length < 4
                ? assets.Where(a => a.SearchVector.Matches(EF.Functions.PlainToTsQuery("english", term)))
                : assets.Where(a => a.SearchVector.Matches(EF.Functions.PlainToTsQuery("english", term))
                    || EF.Functions.TrigramsAreWordSimilar(term, a.SearchText));
        }
        return assets;
    }

    /// <summary>Free to attend: some cost option is known and none is a fee (donations are optional).</summary>
    public static IQueryable<Asset> Free(this IQueryable<Asset> assets) =>
        assets.Where(a => a.Costs.Any() && a.Costs.All(c => c.Kind != CostKind.Fee));

    /// <summary>Some way in costs at most this much a session: a free or donation option, or a per-session fee within it.</summary>
    public static IQueryable<Asset> CostingAtMost(this IQueryable<Asset> assets, decimal max) =>
        assets.Where(a => a.Costs.Any(c => c.Kind != CostKind.Fee || (c.Amount <= max && (c.Per == null || c.Per == CostPeriod.Session))));

    /// <summary>Some single session satisfies every time condition given: day, part of day, time window and date.</summary>
    public static IQueryable<Asset> MeetingWhen(this IQueryable<Asset> assets, SearchRequest r) =>
        SessionFits(r) is { } fits ? assets.Where(a => a.Schedules.AsQueryable().Any(fits)) : assets;

    /// <summary>
    /// The time conditions as one predicate on a schedule, or null when none were asked for. For a date, the session
    /// must also fall on it: its day, its validity and its frequency's rule (fortnights by parity of week number).
    /// </summary>
    public static Expression<Func<Schedule, bool>>? SessionFits(SearchRequest r)
    {
        if (r.Days.Count == 0 && r.Time is null && r.From is null && r.To is null && r.On is null && r.StartsAfter is null) return null;

        var noon = new TimeOnly(12, 0);
        var five = new TimeOnly(17, 0);
        var anyDay = r.Days.Count == 0;
        var dayList = r.Days.ToList();
        var morning = r.Time == TimeOfDay.Morning;
        var afternoon = r.Time == TimeOfDay.Afternoon;
        var evening = r.Time == TimeOfDay.Evening;
        var hasFrom = r.From is not null;
        var hasTo = r.To is not null;
        var fromTime = r.From ?? TimeOnly.MinValue;
        var toTime = r.To ?? TimeOnly.MaxValue;
        var hasStartsAfter = r.StartsAfter is not null;
        var startsAfter = r.StartsAfter ?? TimeOnly.MinValue;
        var hasDate = r.On is not null;
        var date = r.On ?? DateOnly.MinValue;
        var weekday = date.DayOfWeek.ToWeekday();
        var weekOfMonth = ScheduleExpander.WeekOfMonth(date);
        var isLast = ScheduleExpander.IsLastOfMonth(date);
        var week = date.DayNumber / 7;

        return s =>
            (anyDay || dayList.Contains(s.Day))
            && (!morning || s.StartTime < noon)
            && (!afternoon || (s.StartTime >= noon && s.StartTime < five))
            && (!evening || s.StartTime >= five)
            && (!hasFrom || s.EndTime > fromTime)
            && (!hasTo || s.StartTime < toTime)
            && (!hasStartsAfter || s.StartTime > startsAfter)
            && (!hasDate || (s.Day == weekday
                && (s.ValidFrom == null || s.ValidFrom <= date)
                && (s.ValidUntil == null || s.ValidUntil >= date)
                && (s.Frequency == ScheduleFrequency.Weekly
                    || (s.Frequency == ScheduleFrequency.Fortnightly && (week - s.AnchorWeek) % 2 == 0)
                    || (s.Frequency == ScheduleFrequency.Monthly && (s.WeekOfMonth == weekOfMonth || (isLast && s.WeekOfMonth == -1))))));
    }
}
