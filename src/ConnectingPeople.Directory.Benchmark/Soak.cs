using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;

namespace ConnectingPeople.Directory.Benchmark;

/// <summary>One minute of a soak run.</summary>
public sealed record SoakMinute(int Minute, long Requests, long Errors, double? P50Ms, double? P99Ms, double? RssMb);

/// <param name="Shed">Requests the API refused at once as over capacity (503 with Retry-After); not errors, and not in the latencies.</param>
/// <param name="ShedP99Ms">
/// How fast those refusals came back: the refused request's own time (for an edit whose patch was shed, the patch
/// alone, not the read before it).
/// </param>
/// <param name="ReadP99Ms">The served p99 of the reads alone (searches, ORUK, listing reads).</param>
/// <param name="EditP99Ms">The served p99 of the curator edits alone (each a read with a key, then a merge patch).</param>
/// <param name="ReadsFromDatabase">Anonymous reads PostgreSQL answered (X-Read-Path: database) because the read model had fallen behind.</param>
public sealed record SoakResult(double Rate, double Minutes, long Requests, long Errors, long Writes, double? P50Ms, double? P99Ms,
    double? RssStartMb, double? RssEndMb, IReadOnlyList<SoakMinute> ByMinute, IReadOnlyList<string> FirstErrors, long Shed = 0, double? ShedP99Ms = null,
    DateTimeOffset? MeasuredAt = null, string? Machine = null, IReadOnlyDictionary<string, long>? ErrorKinds = null,
    double? ReadP99Ms = null, double? EditP99Ms = null, long ReadsFromDatabase = 0);

/// <summary>
/// A fixed-rate (open-loop) mixed load: requests start on a schedule whether or not earlier ones have answered, as
/// link workers and apps would send them. The mix: searches from varied origins (Q1-Q3), the ORUK feed (Q4), listing
/// reads (Q5) and curator edits (read the listing, then a merge patch with its ETag, each on a different listing).
/// </summary>
public static class SoakClient
{
    /// <summary>What a request returns when the API shed it: over capacity, told at once.</summary>
    private const string ShedMarker = "\u0001shed";

    public static async Task<SoakResult> RunAsync(HttpClient client, BenchParameters parameters, double rate, TimeSpan duration,
        string curatorKey, int? apiPid, int seed, CancellationToken ct)
    {
        var random = new Random(seed);
        var minutes = (int)Math.Ceiling(duration.TotalMinutes);
        var latencies = Enumerable.Range(0, minutes).Select(_ => new ConcurrentBag<long>()).ToArray();
        var errors = new long[minutes];
        var shedLatencies = new ConcurrentBag<long>();
        var readLatencies = new ConcurrentBag<long>();
        var editLatencies = new ConcurrentBag<long>();
        var firstErrors = new ConcurrentQueue<string>();
        var errorKinds = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var rss = new double?[minutes + 1];
        rss[0] = Rss(apiPid);
        long writes = 0, editsSent = 0, fromDatabase = 0;
        var nextListing = 0;
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1 / rate);

        for (long n = 0; ; n++)
        {
            var due = interval * n;
            if (due >= duration) break;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            var minute = Math.Min(minutes - 1, (int)(clock.Elapsed.TotalMinutes));
            if (minute > 0 && rss[minute] is null) rss[minute] = Rss(apiPid);
            var roll = random.Next(100);
            Func<StrongBox<long>, Task<string?>> send = roll switch
            {
                < 90 => shed => ReadAsync(client, () => Interlocked.Increment(ref fromDatabase), Queries.Url(roll switch { < 45 => "Q1", < 55 => "Q2", < 60 => "Q3", < 65 => "Q4", _ => "Q5" },
                    parameters, random), shed, ct),
                _ => shed => EditAsync(client, parameters.AssetIds[Interlocked.Increment(ref nextListing) % parameters.AssetIds.Count], curatorKey,
                    Interlocked.Increment(ref editsSent), shed, ct),
            };
            var isEdit = roll >= 90;
            inFlight.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                var shed = new StrongBox<long>();
                string? error;
                try
                {
                    error = await send(shed);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    error = e.GetType().Name + ": " + e.Message;
                }
                if (error is null)
                {
                    var took = Stopwatch.GetElapsedTime(started).Ticks;
                    latencies[minute].Add(took);
                    // Only edits that were written count: under overload some are shed.
                    if (isEdit)
                    {
                        Interlocked.Increment(ref writes);
                        editLatencies.Add(took);
                    }
                    else readLatencies.Add(took);
                }
                else if (error == ShedMarker) shedLatencies.Add(shed.Value);
                else
                {
                    Interlocked.Increment(ref errors[minute]);
                    if (firstErrors.Count < 10) firstErrors.Enqueue(error);
                    errorKinds.AddOrUpdate(Kind(error), 1, (_, n) => n + 1);
                }
            }, ct));
            if (inFlight.Count > 1000) inFlight.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(inFlight);
        rss[minutes] = Rss(apiPid);

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var byMinute = Enumerable.Range(0, minutes).Select(m =>
        {
            var mine = latencies[m].Order().ToArray();
            return new SoakMinute(m + 1, mine.Length + errors[m], errors[m], Latency.PercentileMs(mine, 0.50), Latency.PercentileMs(mine, 0.99), rss[m + 1]);
        }).ToList();
        var shed = shedLatencies.Order().ToArray();
        var edits = editLatencies.Order().ToArray();
        var reads = readLatencies.Order().ToArray();
        return new SoakResult(rate, Math.Round(duration.TotalMinutes, 2), all.Length + errors.Sum() + shed.Length, errors.Sum(), writes,
            Latency.PercentileMs(all, 0.50), Latency.PercentileMs(all, 0.99), rss[0], rss[minutes], byMinute, [.. firstErrors],
            shed.Length, Latency.PercentileMs(shed, 0.99), ErrorKinds: errorKinds.ToDictionary(StringComparer.Ordinal),
            ReadP99Ms: Latency.PercentileMs(reads, 0.99), EditP99Ms: Latency.PercentileMs(edits, 0.99), ReadsFromDatabase: fromDatabase);
    }

    /// <summary>Sends one request; a shed answer puts its own time (ticks) in <paramref name="shed"/>, for the shed latency.</summary>
    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpRequestMessage request, StrongBox<long> shed, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await client.SendAsync(request, ct);
        if (IsShed(response)) shed.Value = Stopwatch.GetElapsedTime(started).Ticks;
        return response;
    }

    private static async Task<string?> ReadAsync(HttpClient client, Action fromDatabase, string url, StrongBox<long> shed, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await Send(client, request, shed, ct);
        if (IsShed(response)) return ShedMarker;
        if (response.Headers.TryGetValues(Api.Features.ReadModel.ReadPath.Header, out var path) && path.Contains("database")) fromDatabase();
        return response.IsSuccessStatusCode ? null : $"{await DescribeAsync(response, ct)} for {url}";
    }

    /// <summary>"400 Query too expensive": the status and the problem's title, which is what tells one failure from another.</summary>
    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        string? title = null;
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("title", out var t)) title = t.GetString();
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return $"{(int)response.StatusCode} {title ?? body[..Math.Min(80, body.Length)]}";
    }

    private static async Task<string?> EditAsync(HttpClient client, Guid id, string key, long n, StrongBox<long> shed, CancellationToken ct)
    {
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/assets/{id}");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var current = await Send(client, read, shed, ct);
        if (IsShed(current)) return ShedMarker;
        if (!current.IsSuccessStatusCode) return $"{(int)current.StatusCode} reading {id} to edit";
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/assets/{id}")
        {
            Content = new StringContent(string.Create(CultureInfo.InvariantCulture, $$"""{"summary":"Checked during the soak test, edit {{n}}."}"""),
                Encoding.UTF8, "application/merge-patch+json"),
        };
        patch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        patch.Headers.IfMatch.Add(current.Headers.ETag!);
        using var response = await Send(client, patch, shed, ct);
        if (IsShed(response)) return ShedMarker;
        return response.IsSuccessStatusCode ? null : $"{await DescribeAsync(response, ct)} editing {id}";
    }

    /// <summary>What kind of failure an error is: its status and title (or exception type), without the URL.</summary>
    private static string Kind(string error)
    {
        foreach (var end in new[] { " for /", " editing ", " reading ", ": " })
            if (error.IndexOf(end, StringComparison.Ordinal) is > 0 and var at) return error[..at];
        return error;
    }

    private static bool IsShed(HttpResponseMessage response) =>
        response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null;

    private static double? Rss(int? pid) => ProcessMemory.Mb(pid);
}
