namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>The dates the directory accepts from callers: 2000-01-01 to 2100-12-31. Nothing it records is older or further off.</summary>
public static class DateWindow
{
    public static readonly DateOnly First = new(2000, 1, 1);
    public static readonly DateOnly Last = new(2100, 12, 31);
    public const string Message = "must be between 2000-01-01 and 2100-12-31.";

    public static bool Contains(DateOnly date) => date >= First && date <= Last;

    public static bool Contains(DateTimeOffset instant) => instant.UtcDateTime.Year is >= 2000 and <= 2100;

    /// <summary>Adds the problem for a query parameter outside the window.</summary>
    public static void Check(Validation v, string field, DateOnly? date)
    {
        if (date is { } d && !Contains(d)) v.Add(field, Message);
    }

    public static void Check(Validation v, string field, DateTimeOffset? instant)
    {
        if (instant is { } i && !Contains(i)) v.Add(field, Message);
    }
}
