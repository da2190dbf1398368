using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace ConnectingPeople.Directory.Benchmark;

/// <summary>The parameters a query varies over: origins spread like the population, and listing ids.</summary>
public sealed record BenchParameters(IReadOnlyList<(double Latitude, double Longitude, string Sector, string Postcode)> Origins, IReadOnlyList<Guid> AssetIds)
{
    public static async Task<BenchParameters> ReadAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        var origins = new List<(double, double, string, string)>();
        await using (var command = db.CreateCommand("SELECT latitude, longitude, sector, postcode FROM bench.origins ORDER BY n"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) origins.Add((reader.GetDouble(0), reader.GetDouble(1), reader.GetString(2), reader.GetString(3)));
        }
        var ids = new List<Guid>();
        await using (var command = db.CreateCommand("SELECT id FROM bench.asset_ids ORDER BY n"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        }
        return new BenchParameters(origins, ids);
    }
}

/// <summary>The canonical queries, as the API is asked them.</summary>
public static class Queries
{
    public static readonly string[] All = ["Q1", "Q2", "Q3", "Q4", "Q5"];

    public static string Describe(string query) => query switch
    {
        "Q1" => "nearest 20 within 5 km of a sector centroid",
        "Q2" => "Q1 + interests walking,gardening + free + Tuesday",
        "Q3" => "q=\"walkng\" (typo) within 10 km",
        "Q4" => "ORUK /service_at_locations?postcode=...&proximity=2000",
        "Q5" => "one listing by id",
        _ => throw new ArgumentException($"unknown query {query}"),
    };

    public static string Url(string query, BenchParameters p, Random random)
    {
        var (lat, lon, _, postcode) = p.Origins[random.Next(p.Origins.Count)];
        var at = string.Create(CultureInfo.InvariantCulture, $"latitude={lat:0.######}&longitude={lon:0.######}");
        return query switch
        {
            "Q1" => $"/api/v1/search?{at}&radius_km=5&per_page=20",
            "Q2" => $"/api/v1/search?{at}&radius_km=5&per_page=20&interests=walking,gardening&free=true&day=tue",
            "Q3" => $"/api/v1/search?{at}&radius_km=10&per_page=20&q=walkng",
            "Q4" => $"/openreferral/service_at_locations?postcode={Uri.EscapeDataString(postcode)}&proximity=2000",
            "Q5" => $"/api/v1/assets/{p.AssetIds[random.Next(p.AssetIds.Count)]}",
            _ => throw new ArgumentException($"unknown query {query}"),
        };
    }
}

public sealed record LoadResult(string Query, int Concurrency, double Seconds, long Requests, long Errors, double Throughput,
    double? P50Ms, double? P95Ms, double? P99Ms, string? FirstError);

/// <summary>
/// A closed-loop load client: `concurrency` workers each send the next request as soon as the last answered, for a
/// fixed time, with origins drawn at random (seeded) from the benchmark parameters. Latency is per request, end to end.
/// </summary>
public static class LoadClient
{
    public static async Task<LoadResult> RunAsync(HttpClient client, string query, BenchParameters parameters, int concurrency, TimeSpan duration,
        int seed, CancellationToken ct)
    {
        var latencies = new List<long>[concurrency];
        long errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var deadline = duration.Ticks;
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(seed * 1000 + w);
            var mine = latencies[w] = new List<long>(100_000);
            while (clock.Elapsed.Ticks < deadline && !ct.IsCancellationRequested)
            {
                var url = Queries.Url(query, parameters, random);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode} for {url}: {await response.Content.ReadAsStringAsync(ct)}", null);
                        continue;
                    }
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, $"{e.Message} for {url}", null);
                    continue;
                }
                mine.Add(Stopwatch.GetElapsedTime(started).Ticks);
            }
        }, ct)).ToArray();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(query, concurrency, Math.Round(seconds, 2), all.Length, errors, Math.Round(all.Length / seconds, 1),
            Latency.PercentileMs(all, 0.50), Latency.PercentileMs(all, 0.95), Latency.PercentileMs(all, 0.99), firstError);
    }
}

public static class Latency
{
    /// <summary>The p-th percentile (nearest rank) of latencies in ticks, sorted ascending, in milliseconds; null when there are none.</summary>
    public static double? PercentileMs(long[] sorted, double p) => sorted.Length == 0
        ? null
        : Math.Round(TimeSpan.FromTicks(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)]).TotalMilliseconds, 2);
}
