using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>The one page envelope every list in the API uses: Open Referral's.</summary>
/// <param name="TotalItems">How many items match, across all pages.</param>
/// <param name="TotalPages">How many pages there are at this page size.</param>
/// <param name="PageNumber">This page's number, from 1.</param>
/// <param name="Size">The page size asked for (per_page).</param>
/// <param name="FirstPage">true on page 1.</param>
/// <param name="LastPage">true on the last page (or when there are no items).</param>
/// <param name="Empty">true when this page holds no items.</param>
/// <param name="Contents">The items on this page.</param>
public sealed record Page<T>(
    int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage, bool Empty, IReadOnlyList<T> Contents)
{
    public static Page<T> Of(IReadOnlyList<T> contents, int totalItems, PageRequest request)
    {
        var totalPages = (int)Math.Ceiling(totalItems / (double)request.Size);
        return new Page<T>(totalItems, totalPages, request.Number, request.Size, request.Number == 1,
            request.Number >= totalPages, contents.Count == 0, contents);
    }
}

/// <summary>Paging query parameters: <c>page</c> counts from 1, <c>per_page</c> is 1 to 100 (default 20).</summary>
public sealed class PagingParameters
{
    public const int DefaultSize = 20;
    public const int MaxSize = 100;

    /// <summary>Far past any list's end, yet small enough that page × per_page never overflows an offset.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>Page number, from 1.</summary>
    [FromQuery(Name = "page")]
    public int? Page { get; init; }

    /// <summary>Items per page, 1 to 100; default 20.</summary>
    [FromQuery(Name = "per_page")]
    public int? PerPage { get; init; }

    public PageRequest ToRequest(Validation errors)
    {
        var number = Page ?? 1;
        var size = PerPage ?? DefaultSize;
        if (number is < 1 or > MaxPage) errors.Add("page", $"must be between 1 and {MaxPage}.");
        if (size is < 1 or > MaxSize) errors.Add("per_page", $"must be between 1 and {MaxSize}.");
        return new PageRequest(Math.Clamp(number, 1, MaxPage), Math.Clamp(size, 1, MaxSize));
    }
}

public sealed record PageRequest(int Number, int Size)
{
    public int Skip => (Number - 1) * Size;
}

public static class PagingExtensions
{
    /// <summary>Counts and fetches one page; a page past the last one is the caller's mistake, told as a 404 problem.</summary>
    public static async Task<PageResult<T>> ToPageAsync<T>(this IQueryable<T> query, PageRequest request, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        if (request.Number > 1 && request.Skip >= total) return PageResult<T>.PastTheEnd(request, total);
        var items = await query.Skip(request.Skip).Take(request.Size).ToListAsync(ct);
        return new PageResult<T>(Page<T>.Of(items, total, request), null);
    }
}

public sealed record PageResult<T>(Page<T>? Page, ProblemDetails? Problem)
{
    public static PageResult<T> PastTheEnd(PageRequest request, int total) => new(null, Problems.PageOutOfRange(request, total));
}
