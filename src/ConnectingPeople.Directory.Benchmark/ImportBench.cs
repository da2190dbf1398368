using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ConnectingPeople.Directory.Benchmark;

/// <summary>One timed bulk import through the API: a dry run, then the real run of the same file.</summary>
/// <param name="FirstProblem">The first row error or problem detail of a run that did not import cleanly, to say why.</param>
public sealed record ImportResult(int Rows, double FileMb, double DryRunSeconds, int DryRunStatus, int DryRunErrors, double ImportSeconds, int ImportStatus, int Created,
    double? RssBeforeMb, double? RssAfterDryRunMb, double? RssAfterImportMb, double? PeakRssMb, string? FirstProblem);

/// <summary>
/// Times importing N generated listings (one CSV row each, across a few pilot postcodes and 200 shared venues) with an
/// admin key: the aim is under 30 s for 100,000 rows each way, with the API's memory bounded. The organisation
/// is new, so an admin import creates it and every row is a create.
/// </summary>
public static class ImportBench
{
    private static readonly string[] Postcodes = ["S1 2JA", "S10 5BR", "L20 7AE", "L17 1AP", "YO1 7HH", "PR8 1DB"];
    private static readonly string[] Interests = ["walking", "gardening", "singing", "crafts", "health_walks"];

    public static string Csv(int rows, string organisation)
    {
        var csv = new StringBuilder("external_id,organisation,name,summary,interests,costs,venue_name,postcode,schedules\r\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"bench-{i},{organisation},Benchmark group {i},A group made up for the import benchmark,")
                .Append(Interests[i % Interests.Length]).Append(",free,")
                .Append(CultureInfo.InvariantCulture, $"Bench hall {i % 200},{Postcodes[i % Postcodes.Length]},FREQ=WEEKLY;BYDAY=TU 10:00-12:00\r\n");
        }
        return csv.ToString();
    }

    /// <param name="dryOnly">Only the dry run: its memory is the 50 MB question, without a real run's 18 minutes.</param>
    public static async Task<ImportResult> RunAsync(HttpClient client, string key, int rows, int? pid, CancellationToken ct, bool dryOnly = false)
    {
        var file = Csv(rows, $"Import benchmark {DateTime.UtcNow:yyyyMMddHHmmss}");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var before = ProcessMemory.Mb(pid);
        var dry = await PostAsync(client, "/api/v1/imports?format=csv&dry_run=true", file, ct);
        var afterDry = ProcessMemory.Mb(pid);
        var real = dryOnly ? (0, 0, 0, 0, null) : await PostAsync(client, "/api/v1/imports?format=csv", file, ct);
        return new ImportResult(rows, Math.Round(Encoding.UTF8.GetByteCount(file) / 1048576.0, 1), dry.Seconds, dry.Status, dry.Errors, real.Seconds, real.Status, real.Created,
            before, afterDry, ProcessMemory.Mb(pid), ProcessMemory.Mb(pid, "VmHWM"), dry.Problem ?? real.Problem);
    }

    private static async Task<(double Seconds, int Status, int Created, int Errors, string? Problem)> PostAsync(HttpClient client, string url, string file, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsync(url, new StringContent(file, Encoding.UTF8, "text/csv"), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var seconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
        var (created, errors) = (0, 0);
        string? problem = null;
        try
        {
            var root = JsonDocument.Parse(body).RootElement;
            if (root.TryGetProperty("detail", out var detail)) problem = detail.GetString();
            if (root.TryGetProperty("report", out var report)) root = report;
            if (root.TryGetProperty("created", out var count)) created = count.GetInt32();
            if (root.TryGetProperty("errors", out var failed) && failed.ValueKind == JsonValueKind.Number) errors = failed.GetInt32();
            if (errors > 0 && root.TryGetProperty("rows", out var rows))
                problem = rows.EnumerateArray().SelectMany(r => r.GetProperty("errors").EnumerateArray()).Select(e => e.GetString()).FirstOrDefault() ?? problem;
        }
        catch (JsonException)
        {
            problem = body.Length > 200 ? body[..200] : body;
        }
        return (seconds, (int)response.StatusCode, created, errors, response.IsSuccessStatusCode && errors == 0 ? null : problem);
    }
}
