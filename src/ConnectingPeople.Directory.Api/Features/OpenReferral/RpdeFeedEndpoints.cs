using System.Globalization;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.OpenReferral;

/// <summary>One RPDE item: a listing as it is now (<c>updated</c>, with its ORUK service) or a tombstone (<c>deleted</c>).</summary>
/// <param name="State">updated or deleted.</param>
/// <param name="Kind">Service: the data is an Open Referral UK service.</param>
/// <param name="Id">The listing's id.</param>
/// <param name="Modified">Microseconds since 1970-01-01 UTC of the listing's last change: with id, the feed's sort key.</param>
/// <param name="Data">The listing as an Open Referral UK service; absent for a deleted listing.</param>
public sealed record RpdeItem(string State, string Kind, string Id, long Modified, JsonElement? Data);

/// <summary>An RPDE page: follow next until a page comes back with no items (its next is itself), then poll it.</summary>
/// <param name="Next">The absolute URL of the next page (afterTimestamp and afterId of this page's last item).</param>
/// <param name="Items">The items after the cursor, ordered by modified then id.</param>
/// <param name="License">The licence of the data.</param>
public sealed record RpdePage(string Next, IReadOnlyList<RpdeItem> Items, string License);

/// <summary>
/// Listings as an OpenActive Realtime Paged Data Exchange feed (Modified Timestamp and ID ordering), so aggregators
/// can copy the directory from zero and keep in step: every listing, deleted ones as tombstones, ordered by
/// (modified, id) and paged with afterTimestamp and afterId.
/// </summary>
public static class RpdeFeedEndpoints
{
    public const string Kind = "Service";
    public const int PageSize = 100;
    public const string License = "https://creativecommons.org/licenses/by/4.0/";

    public static WebApplication MapRpdeFeed(this WebApplication app)
    {
        app.MapResource("/api/v1/feeds").MapGet("/listings", Listings).WithTags("Sync").WithName("GetListingsRpdeFeed")
            .WithSummary("OpenActive RPDE feed of listings: state, kind, id, modified and the ORUK service, from afterTimestamp and afterId")
            .WithDescription($"Start without parameters and follow `next`. Pages hold up to {PageSize} items ordered by (`modified`, `id`); "
                + "a deleted listing is an item with `state: deleted` and no `data`. The last page has no items and `next` pointing at itself: poll it.")
            .ProducesValidationProblem();
        return app;
    }

    /// <param name="afterTimestamp">The modified value of the last item you read (with afterId); leave both out to start.</param>
    /// <param name="afterId">The id of the last item you read (with afterTimestamp).</param>
    private static async Task<Results<Ok<RpdePage>, ValidationProblem>> Listings(
        [FromQuery(Name = "afterTimestamp")] long? afterTimestamp, [FromQuery(Name = "afterId")] Guid? afterId,
        HttpContext http, DirectoryDbContext db, OrukQuery oruk, CancellationToken ct)
    {
        if (afterTimestamp.HasValue != afterId.HasValue)
            return Problems.Invalid(afterId is null ? "afterId" : "afterTimestamp", "afterTimestamp and afterId go together: copy both from the last next URL.");
        var listings = db.Assets.IgnoreQueryFilters().AsNoTracking();
        if (afterTimestamp is { } t && afterId is { } id)
        {
            var after = DateTimeOffset.UnixEpoch.AddTicks(t * 10);
            listings = listings.Where(a => a.UpdatedAt > after || (a.UpdatedAt == after && a.Id.CompareTo(id) > 0));
        }
        var rows = await listings
            .OrderBy(a => a.UpdatedAt).ThenBy(a => a.Id).Take(PageSize)
            .Select(a => new { a.Id, a.UpdatedAt, Deleted = a.DeletedAt != null }).ToListAsync(ct);
        var services = (await oruk.FullServicesAsync(rows.Where(r => !r.Deleted).Select(r => r.Id).ToList(), ct))
            .ToDictionary(s => s.Id, s => JsonSerializer.SerializeToElement(s, OpenReferralEndpoints.Json));

        var items = rows.Select(r => services.TryGetValue(r.Id, out var data)
            ? new RpdeItem("updated", Kind, r.Id.ToString(), Micros(r.UpdatedAt), data)
            : new RpdeItem("deleted", Kind, r.Id.ToString(), Micros(r.UpdatedAt), null)).ToList();
        var next = items.Count == 0
            ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}{http.Request.QueryString}"
            : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}?afterTimestamp={items[^1].Modified.ToString(CultureInfo.InvariantCulture)}&afterId={items[^1].Id}";
        // RPDE's caching advice: full pages never change, so cache them for an hour; the last page only briefly.
        http.Response.Headers.CacheControl = items.Count < PageSize ? "public, max-age=8" : "public, max-age=3600";
        return TypedResults.Ok(new RpdePage(next, items, License));
    }

    private static long Micros(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).Ticks / 10;
}
