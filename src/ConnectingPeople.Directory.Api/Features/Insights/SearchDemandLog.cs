using System.Collections.Concurrent;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Schedules;
using ConnectingPeople.Directory.Api.Features.Search;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace ConnectingPeople.Directory.Api.Features.Insights;

/// <summary>
/// Records every search anonymously for demand insight, off the request path: searches queue in memory and are
/// written in batches every few seconds (and on shutdown). A coordinate origin is held only until the batch is
/// written, turned into its postcode district, and never stored or logged.
/// </summary>
public sealed class SearchDemandLog(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SearchDemandLog> logger) : BackgroundService
{
    public const int MaxQueued = 50_000;
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>How far a coordinate origin may be from a postcode district centroid and still count as in it.</summary>
    private const double DistrictReachMetres = 30_000;

    private sealed record Pending(DateOnly On, string? District, Point? Origin, string[] Interests, string[] TextTerms, int? RadiusMetres, int Results);

    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private int _count;

    public void Record(SearchRequest r, int results)
    {
        if (Interlocked.Increment(ref _count) > MaxQueued)
        {
            Interlocked.Decrement(ref _count);
            return;
        }
        var today = ScheduleExpander.LocalDate(clock.GetUtcNow());
        var origin = r.Origin;
        _queue.Enqueue(new Pending(
            today,
            origin?.Source == OriginSource.Coordinates ? null : origin?.District,
            origin?.Source == OriginSource.Coordinates ? origin.Point : null,
            [.. r.Interests.Select(i => i.Code).Distinct()],
            [.. r.TextTerms.Where(IsLoggable).Distinct()],
            origin is null || r.Nearest is not null ? null : (int)Math.Round(r.RadiusMetres),
            results));
    }

    /// <summary>
    /// Only plain words are kept from free text: anything with a digit, an @ or other symbols (a postcode, a phone
    /// number, an email, a reference) is dropped before it is queued.
    /// </summary>
    public static bool IsLoggable(string term) => term.Length is >= 2 and <= 30 && term.All(c => char.IsLetter(c) || c == '\'');

    /// <summary>Writes everything queued so far.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _flushing.WaitAsync(ct);
        try
        {
            var batch = new List<Pending>();
            while (batch.Count < 5_000 && _queue.TryDequeue(out var next))
            {
                Interlocked.Decrement(ref _count);
                batch.Add(next);
            }
            if (batch.Count == 0) return;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DirectoryDbContext>();
            var nearest = await NearestDistrictsAsync(db, batch.Select(p => p.Origin), ct);
            var named = batch.Select(p => p.District).OfType<string>().Distinct().ToArray();
            var areaOf = await db.PostcodeDistricts.AsNoTracking().Where(d => named.Contains(d.Code))
                .ToDictionaryAsync(d => d.Code, d => d.LocalAuthorityCode, ct);
            var entries = new List<SearchLogEntry>(batch.Count);
            foreach (var (p, i) in batch.Select((p, i) => (p, i)))
            {
                // A coordinate origin counts in the nearest district centroid, only within reach.
                var (district, area) = p.Origin is not null
                    ? nearest.TryGetValue(i, out var near) && near.Metres <= DistrictReachMetres ? (near.Code, near.LocalAuthorityCode) : (null, null)
                    : (p.District, p.District is null ? null : areaOf.GetValueOrDefault(p.District));
                entries.Add(new SearchLogEntry
                {
                    SearchedOn = p.On, District = district, LocalAuthorityCode = area, Interests = p.Interests, TextTerms = p.TextTerms,
                    RadiusMetres = p.RadiusMetres, ResultCount = p.Results,
                });
            }
            db.SearchLog.AddRange(entries);
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            _flushing.Release();
        }
        if (!_queue.IsEmpty) await FlushAsync(ct);
    }

    private sealed record Nearest(int Ordinal, string Code, string? LocalAuthorityCode, double Metres);

    /// <summary>
    /// The nearest district centroid to each origin given (keyed by its place in <paramref name="origins"/>), all in one
    /// statement: a KNN probe of the GiST index per origin, not a round trip per search, so a busy minute's log costs
    /// the database little while it is serving.
    /// </summary>
    private static async Task<Dictionary<int, Nearest>> NearestDistrictsAsync(DirectoryDbContext db, IEnumerable<Point?> origins, CancellationToken ct)
    {
        var given = origins.Select((point, i) => (Point: point, Ordinal: i)).Where(o => o.Point is not null).ToList();
        if (given.Count == 0) return [];
        var rows = await db.Database.SqlQueryRaw<Nearest>("""
            SELECT o.i AS ordinal, d.code, d.local_authority_code, ST_Distance(d.point, o.p) AS metres
            FROM (SELECT u.i, ST_SetSRID(ST_MakePoint(u.x, u.y), 4326)::geography AS p FROM unnest(@ordinals, @xs, @ys) AS u(i, x, y)) o
            CROSS JOIN LATERAL (SELECT code, local_authority_code, point FROM directory.postcode_districts ORDER BY point <-> o.p LIMIT 1) d
            """,
            new NpgsqlParameter("ordinals", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = given.Select(o => o.Ordinal).ToArray() },
            new NpgsqlParameter("xs", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = given.Select(o => o.Point!.X).ToArray() },
            new NpgsqlParameter("ys", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = given.Select(o => o.Point!.Y).ToArray() }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Ordinal);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await TryFlushAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await TryFlushAsync(cancellationToken);
    }

    private async Task TryFlushAsync(CancellationToken ct)
    {
        try
        {
            await FlushAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Demand insight is best effort: a search never fails for it, and a batch that cannot be written is dropped.
            logger.LogWarning("Could not write the search demand log: {Error}", e.GetType().Name);
        }
    }
}
