using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ConnectingPeople.Directory.Benchmark;

/// <summary>How long after a curator's edit commits it shows in anonymous search: each sample, and how many were answered from memory.</summary>
public sealed record FreshnessResult(int Samples, double? P50Ms, double? MaxMs, int NotSeen, int FromMemory, int Polls);

/// <summary>
/// Write, then poll: renames a listing with a curator key, and from the moment the write is answered polls an anonymous
/// search around its venue until the new name is in it (every 5 ms, at most 10 s). The search is the kind a link
/// worker sends, so with the read model on it is answered from memory, and the time is how long the change took to
/// reach the model (notice, catch-up, apply) as a caller sees it.
/// </summary>
public static class FreshnessProbe
{
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(10);

    public static async Task<FreshnessResult> RunAsync(HttpClient client, BenchParameters parameters, string curatorKey, int samples, CancellationToken ct)
    {
        var times = new List<double>();
        int notSeen = 0, fromMemory = 0, polls = 0;
        for (int i = 0, tried = 0; times.Count + notSeen < samples && tried < samples * 4; tried++)
        {
            var id = parameters.AssetIds[(tried * 7_919) % parameters.AssetIds.Count];
            using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/assets/{id}");
            read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", curatorKey);
            using var current = await client.SendAsync(read, ct);
            if (!current.IsSuccessStatusCode) continue;
            using var detail = JsonDocument.Parse(await current.Content.ReadAsStringAsync(ct));
            var venues = detail.RootElement.GetProperty("locations");
            if (venues.GetArrayLength() == 0) continue; // phone or online only: not found by distance
            var (latitude, longitude) = (venues[0].GetProperty("latitude").GetDouble(), venues[0].GetProperty("longitude").GetDouble());

            var name = string.Create(CultureInfo.InvariantCulture, $"Freshness probe {i++} {Guid.NewGuid():N}");
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/assets/{id}")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { name }), Encoding.UTF8, "application/merge-patch+json"),
            };
            patch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", curatorKey);
            patch.Headers.IfMatch.Add(current.Headers.ETag!);
            using var written = await client.SendAsync(patch, ct);
            if (!written.IsSuccessStatusCode) throw new InvalidOperationException($"the probe's edit was refused: {(int)written.StatusCode}");

            var clock = Stopwatch.StartNew();
            var search = string.Create(CultureInfo.InvariantCulture, $"/api/v1/search?latitude={latitude:0.######}&longitude={longitude:0.######}&radius_km=0.1&per_page=100");
            var seen = false;
            while (clock.Elapsed < GiveUp)
            {
                polls++;
                using var answer = await client.GetAsync(search, ct);
                if ((await answer.Content.ReadAsStringAsync(ct)).Contains(name, StringComparison.Ordinal))
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                    if (answer.Headers.TryGetValues(Api.Features.ReadModel.ReadPath.Header, out var path) && path.Contains("memory")) fromMemory++;
                    seen = true;
                    break;
                }
                await Task.Delay(5, ct);
            }
            if (!seen) notSeen++;
        }
        var sorted = times.Order().ToArray();
        return new FreshnessResult(sorted.Length + notSeen, sorted.Length == 0 ? null : Math.Round(sorted[sorted.Length / 2], 1),
            sorted.Length == 0 ? null : Math.Round(sorted[^1], 1), notSeen, fromMemory, polls);
    }
}
