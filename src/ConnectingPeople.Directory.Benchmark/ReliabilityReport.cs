using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ConnectingPeople.Directory.Benchmark;

/// <summary>Writes docs/reliability.md from one soak run's result (scripts/soak.sh).</summary>
public static class ReliabilityReport
{
    public static string Render(SoakResult r, int assets, string machine, DateTimeOffset when, SoakResult? overload = null,
        IReadOnlyList<SoakResult>? steps = null)
    {
        static string F(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
        var md = new StringBuilder();
        md.AppendLine("# Reliability").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Written by `scripts/soak.sh` on {when:yyyy-MM-dd HH:mm} UTC ({machine}).").AppendLine();
        // A report can join two runs (the soak, and an overload run made later): each section names the run it is from.
        md.AppendLine(CultureInfo.InvariantCulture, $"**Soak run:** {Run(r)}. The API, PostgreSQL and the load client share the machine.");
        if (overload is not null) md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"**Overload run:** {Run(overload)}.");
        md.AppendLine();
        md.AppendLine("""
            ## Method

            `scripts/soak.sh` builds in Release, makes a fresh cluster with the benchmark's synthetic listings (the same
            generator and seed as `scripts/bench.sh`), starts the API as it would run in production (its
            appsettings.json: JSON logs, default protection settings apart from the per-client rate limit, which the
            single load client would otherwise hit), warms it for 30 s, then sends a fixed-rate mixed load for the time
            given (`SOAK_MINUTES`, default 10; `SOAK_RATE` requests a second, default 40). Requests start on schedule
            whether or not earlier ones have answered (open loop). The mix: 45% nearest-20 searches (Q1), 10% searches with
            interests, cost and day (Q2), 5% typo text searches (Q3), 5% ORUK `service_at_locations` by postcode (Q4), 25%
            listing reads (Q5), and 10% curator edits (read a listing with an admin key, then a JSON merge patch with its
            ETag; each edit on a different listing, so none should conflict). An error is any non-2xx answer or failed
            connection. Memory is the API process's resident set (VmRSS), read at the start and at the end of every minute.
            """).AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"## {assets:N0} listings, {r.Rate:0.#} requests a second for {r.Minutes:0.#} minutes").AppendLine();
        md.AppendLine("| requests | errors | curator edits | p50 ms | p99 ms | memory at start MB | memory at end MB |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Requests:N0} | {r.Errors:N0} | {r.Writes:N0} | {F(r.P50Ms)} | {F(r.P99Ms)} | {F(r.RssStartMb)} | {F(r.RssEndMb)} |");
        md.AppendLine();
        md.AppendLine("| minute | requests | errors | p50 ms | p99 ms | memory at end of minute MB |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var m in r.ByMinute)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {m.Minute} | {m.Requests:N0} | {m.Errors:N0} | {F(m.P50Ms)} | {F(m.P99Ms)} | {F(m.RssMb)} |");
        md.AppendLine();
        if (r.FirstErrors.Count > 0)
        {
            md.AppendLine("First errors:").AppendLine();
            foreach (var e in r.FirstErrors) md.AppendLine(CultureInfo.InvariantCulture, $"- `{e.ReplaceLineEndings(" ")[..Math.Min(200, e.Length)]}`");
            md.AppendLine();
        }
        var growth = r.RssStartMb is { } start && r.RssEndMb is { } end ? end - start : (double?)null;
        // Flat: the process ends no more than 10% above where it started (the start is read just after the warm-up).
        var flat = growth is { } g2 && g2 <= 0.10 * r.RssStartMb!.Value;
        md.AppendLine(CultureInfo.InvariantCulture, $"Targets: zero errors ({(r.Errors == 0 ? "met" : "not met")}); flat memory, no more than 10% " +
            $"growth from start to end ({(growth is { } g ? $"{(flat ? "met" : "not met")}: {g:+0.0;-0.0} MB" : "not measured")}).");
        // "Normal latency" is measured in the same run where there is one: the lowest step, well below capacity.
        var normal = Baseline(steps, r);
        if (steps is { Count: > 0 }) Steps(md, steps, normal);
        if (overload is not null) Overload(md, overload, normal, BaselineName(normal, r), steps is { Count: > 0 } ? SustainableRate(steps, normal) : null);
        return md.ToString();
    }

    /// <summary>When and where a run was measured, as its result records it (a result from before runs were stamped says so).</summary>
    private static string Run(SoakResult r) => r.MeasuredAt is { } at
        ? string.Create(CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd HH:mm} UTC on {r.Machine ?? "a machine not recorded"}")
        : "when and where not recorded (a result from before runs were stamped)";

    /// <summary>
    /// What "normal latency" is: the lowest step of a stepped run (the same build, machine and run as the overload,
    /// below capacity), or the soak's when there was no stepped run.
    /// </summary>
    public static SoakResult Baseline(IReadOnlyList<SoakResult>? steps, SoakResult soak) => steps is { Count: > 0 } ? steps.MinBy(s => s.Rate)! : soak;

    /// <summary>Names the baseline in a sentence: "the lowest step's (50 a second)" or "the soak's".</summary>
    private static string BaselineName(SoakResult normal, SoakResult? soak) =>
        ReferenceEquals(normal, soak) ? "the soak's" : string.Create(CultureInfo.InvariantCulture, $"the lowest step's ({normal.Rate:0.#} a second)");

    /// <summary>
    /// A step holds when nearly everything sent was served (at most 1% shed or failed) at about the normal latency
    /// (served p99 within twice the baseline's): the service keeps up with that rate.
    /// </summary>
    public static bool Holds(SoakResult step, SoakResult normal) =>
        step.Requests > 0 && step.Shed + step.Errors <= 0.01 * step.Requests && step.P99Ms is { } p99 && normal.P99Ms is { } usual && p99 <= 2 * usual;

    /// <summary>The highest rate of the rising steps up to the first that did not hold; null when even the first did not.</summary>
    public static double? SustainableRate(IReadOnlyList<SoakResult> steps, SoakResult normal) =>
        steps.OrderBy(s => s.Rate).TakeWhile(s => Holds(s, normal)).Select(s => (double?)s.Rate).LastOrDefault();

    /// <summary>The stepped run (SOAK_STEPS): the same mix at rising rates, to find the rate the service sustains.</summary>
    private static void Steps(StringBuilder md, IReadOnlyList<SoakResult> steps, SoakResult normal)
    {
        static string F(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
        md.AppendLine().AppendLine("## Finding the sustainable rate").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"**Stepped run:** {Run(steps[0])}.").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"The same mix at rising fixed rates (`SOAK_STEPS`), each for {steps[0].Minutes * 60:0} s after the warm-up. " +
            $"A rate holds when at most 1% of what was sent is shed or fails and the served p99 stays within twice the lowest step's ({F(normal.P99Ms)} ms).");
        md.AppendLine();
        md.AppendLine("| sent a second | sent | served | shed | errors | served p50 ms | served p99 ms | reads p99 ms | edits p99 ms | shed p99 ms | served a second | holds |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var s in steps.OrderBy(s => s.Rate))
        {
            var served = s.Requests - s.Errors - s.Shed;
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Rate:0.#} | {s.Requests:N0} | {served:N0} | {s.Shed:N0} | {s.Errors:N0} | {F(s.P50Ms)} | {F(s.P99Ms)} | {F(s.ReadP99Ms)} | {F(s.EditP99Ms)} | {F(s.ShedP99Ms)} | {(s.Minutes > 0 ? served / (s.Minutes * 60) : 0):0.#} | {(Holds(s, normal) ? "yes" : "no")} |");
        }
        md.AppendLine().AppendLine(SustainableRate(steps, normal) is { } rate
            ? string.Create(CultureInfo.InvariantCulture, $"Sustainable rate found: **{rate:0.#} requests a second** at this mix (the highest step that held, every lower step holding too).")
            : "Sustainable rate found: none of the steps held, so it is below the lowest step.");
    }

    /// <summary>An overload run (SOAK_OVERLOAD=1): the same mix above capacity; what was served, what was shed and how fast.</summary>
    private static void Overload(StringBuilder md, SoakResult o, SoakResult normal, string normalName, double? sustainable)
    {
        static string F(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
        var served = o.Requests - o.Errors - o.Shed;
        var seconds = o.Minutes * 60;
        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## Overload: {o.Rate:0.#} requests a second for {o.Minutes:0.#} minutes").AppendLine();
        md.AppendLine("""
            The same mix sent above capacity (`SOAK_OVERLOAD=1 SOAK_RATE=...`). The API runs at most
            `Protection:MaxConcurrentRequests` requests at once with a short queue, and answers what cannot start within
            `Protection:QueueWaitMs` with a 503 and `Retry-After`: shed, counted apart from errors. Served latencies are for
            the requests it accepted; a shed latency is the refused request's own (for an edit whose patch was shed, the
            patch, not the read before it).
            """).AppendLine();
        md.AppendLine("| sent | served | shed | errors | served p50 ms | served p99 ms | reads p99 ms | edits p99 ms | shed p99 ms | served a second |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| {o.Requests:N0} | {served:N0} | {o.Shed:N0} | {o.Errors:N0} | {F(o.P50Ms)} | {F(o.P99Ms)} | {F(o.ReadP99Ms)} | {F(o.EditP99Ms)} | {F(o.ShedP99Ms)} | {(seconds > 0 ? served / seconds : 0):0.#} |");
        // Graceful: what is shed is told at once, and what is served keeps about its normal latency.
        var shedFast = o.ShedP99Ms is <= 100;
        var servedNormal = o.P99Ms is { } p99 && normal.P99Ms is { } usual && p99 <= 2 * usual;
        var against = sustainable is { } rate ? string.Create(CultureInfo.InvariantCulture, $", against the sustainable rate found of {rate:0.#}.") : ".";
        md.AppendLine().AppendLine(CultureInfo.InvariantCulture,
            $"Targets: shed answers within 100 ms at p99 ({(shedFast ? "met" : "not met")}: {F(o.ShedP99Ms)} ms); served p99 within twice {normalName} " +
            $"({(servedNormal ? "met" : "not met")}: {F(o.P99Ms)} ms against {F(normal.P99Ms)} ms). Served at this mix: {(seconds > 0 ? served / seconds : 0):0.#} a second{against}");
        md.AppendLine().AppendLine(CultureInfo.InvariantCulture,
            $"Reads answered by PostgreSQL because the read model had fallen behind its freshness bound: {o.ReadsFromDatabase:N0}.");
        if (o.ErrorKinds is { Count: > 0 } kinds)
            md.AppendLine().AppendLine("Errors by kind: " + string.Join("; ", kinds.OrderByDescending(k => k.Value).Select(k =>
                string.Create(CultureInfo.InvariantCulture, $"{k.Key}: {k.Value:N0}"))) + ".");
        if (o.FirstErrors.Count > 0)
        {
            md.AppendLine().AppendLine("First errors:").AppendLine();
            foreach (var e in o.FirstErrors) md.AppendLine(CultureInfo.InvariantCulture, $"- `{e.ReplaceLineEndings(" ")[..Math.Min(200, e.Length)]}`");
        }
    }

    /// <summary>The stepped run's results, one JSON object a line.</summary>
    public static List<SoakResult> ReadSteps(string jsonl) =>
        [.. jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Read)];

    public static SoakResult Read(string json) => JsonSerializer.Deserialize<SoakResult>(json, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;
}
