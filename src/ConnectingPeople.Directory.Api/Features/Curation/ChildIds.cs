namespace ConnectingPeople.Directory.Api.Features.Curation;

/// <summary>
/// Replaces a listing's children (schedules, contacts, costs, service areas) with the new ones while keeping every child
/// an edit leaves as it was: its row and id stay, so the Open Referral feed's ids are stable across PATCH, PUT and re-import.
/// </summary>
public static class ChildIds
{
    public static void Keep<T, TKey>(List<T> stored, IEnumerable<T> wanted, Func<T, TKey> value) where TKey : notnull
    {
        // Children equal in value pair up one for one, so two identical sessions stay two rows.
        var unmatched = stored.GroupBy(value).ToDictionary(g => g.Key, g => new Queue<T>(g));
        var result = new List<T>();
        foreach (var child in wanted)
            result.Add(unmatched.TryGetValue(value(child), out var same) && same.TryDequeue(out var kept) ? kept : child);
        stored.Clear();
        stored.AddRange(result);
    }
}
