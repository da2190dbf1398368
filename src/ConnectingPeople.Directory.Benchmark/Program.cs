using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data;

namespace ConnectingPeople.Directory.Benchmark;

// The benchmark's tools (scripts/bench.sh drives them):
//   generate --connection <cs> [--assets 100000] [--seed 42] [--sectors seed-data/reference/postcodes/postcode_sector_centroids.csv]
//   load --connection <cs> --url http://localhost:8090 --query Q1 [--concurrency 16] [--seconds 30] [--seed 1]
//   report --results results.jsonl --output docs/benchmarks.md --machine "..." [--seconds 20]
//   soak --connection <cs> --url <base> --key <admin key> [--rate 40] [--minutes 10] [--pid <api pid>] [--seed 7]
//   reliability --result soak.json --output docs/reliability.md --machine "..." [--assets 100000] [--overload overload.json] [--steps steps.jsonl]
//   import --url <base> --key <admin key> [--rows 100000] [--pid <api pid>] [--dry-only true]   (a timed dry run and real run of one CSV)
//   urls --connection <cs> --query Q1 [--count 10000] [--seed 1]   (the load client's paths, one a line, for wrk)
//   freshness --connection <cs> --url <base> --key <admin key> [--samples 20]   (edit, then poll anonymous search until it shows)
// generate and load print one JSON object on stdout.
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        string[] commands = ["generate", "load", "report", "soak", "reliability", "import", "freshness", "urls"];
        if (args.Length == 0 || !commands.Contains(args[0]))
        {
            Console.Error.WriteLine($"usage: ConnectingPeople.Directory.Benchmark {string.Join("|", commands)} --option value ... (see the comment at the top of Program.cs)");
            return 2;
        }
        var options = ParseOptions(args.Skip(1).ToArray());
        string Option(string name, string? fallback = null) =>
            options.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required");
        int Number(string name, int fallback) => options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
        var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

        if (args.FirstOrDefault() == "report")
        {
            var markdown = Report.Render(File.ReadAllLines(Option("results")), Option("machine"), Number("seconds", 20), DateTimeOffset.UtcNow);
            File.WriteAllText(Option("output"), markdown);
            return 0;
        }

        if (args.FirstOrDefault() == "reliability")
        {
            var result = ReliabilityReport.Read(File.ReadAllText(Option("result")));
            var overload = options.TryGetValue("overload", out var o) && File.Exists(o) ? ReliabilityReport.Read(File.ReadAllText(o)) : null;
            var steps = options.TryGetValue("steps", out var st) && File.Exists(st) ? ReliabilityReport.ReadSteps(File.ReadAllText(st)) : null;
            File.WriteAllText(Option("output"), ReliabilityReport.Render(result, Number("assets", 100_000), Option("machine"), DateTimeOffset.UtcNow, overload, steps));
            return 0;
        }

        if (args.FirstOrDefault() == "import")
        {
            using var client = new HttpClient { BaseAddress = new Uri(Option("url")), Timeout = TimeSpan.FromMinutes(15) };
            int? apiPid = options.TryGetValue("pid", out var given) ? int.Parse(given, CultureInfo.InvariantCulture) : null;
            var dryOnly = Option("dry-only", "false") == "true";
            var result = await ImportBench.RunAsync(client, Option("key"), Number("rows", 100_000), apiPid, CancellationToken.None, dryOnly);
            Console.WriteLine(JsonSerializer.Serialize(result, json));
            return (dryOnly ? result.DryRunStatus : result.ImportStatus) == 200 ? 0 : 1;
        }

        await using var db = DatabaseExtensions.CreateDataSource(Option("connection"));

        switch (args.FirstOrDefault())
        {
            case "generate":
            {
                var assets = Number("assets", 100_000);
                var sectors = DataGenerator.ReadSectors(Option("sectors", Path.Combine("seed-data", "reference", "postcodes", "postcode_sector_centroids.csv")));
                var clock = Stopwatch.StartNew();
                await new DataGenerator(db, sectors, Number("seed", 42)).GenerateAsync(assets, m => Console.Error.WriteLine($"==> {m}"), CancellationToken.None);
                Console.WriteLine(JsonSerializer.Serialize(new { assets, seconds = Math.Round(clock.Elapsed.TotalSeconds, 1) }, json));
                return 0;
            }
            case "load":
            {
                var parameters = await BenchParameters.ReadAsync(db, CancellationToken.None);
                var concurrency = Number("concurrency", 16);
                using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
                {
                    BaseAddress = new Uri(Option("url")),
                    Timeout = TimeSpan.FromSeconds(30),
                };
                var result = await LoadClient.RunAsync(client, Option("query"), parameters, concurrency, TimeSpan.FromSeconds(Number("seconds", 30)),
                    Number("seed", 1), CancellationToken.None);
                Console.WriteLine(JsonSerializer.Serialize(result, json));
                return result.Errors == 0 ? 0 : 1;
            }
            case "soak":
            {
                var parameters = await BenchParameters.ReadAsync(db, CancellationToken.None);
                using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
                {
                    BaseAddress = new Uri(Option("url")),
                    Timeout = TimeSpan.FromSeconds(30),
                };
                var rate = double.Parse(Option("rate", "40"), CultureInfo.InvariantCulture);
                var minutes = double.Parse(Option("minutes", "10"), CultureInfo.InvariantCulture);
                int? pid = options.TryGetValue("pid", out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : null;
                var result = await SoakClient.RunAsync(client, parameters, rate, TimeSpan.FromMinutes(minutes), Option("key"), pid, Number("seed", 7), CancellationToken.None);
                // Each result names its own run, so a report made from two runs (soak and overload) says which is which.
                result = result with { MeasuredAt = DateTimeOffset.UtcNow, Machine = options.GetValueOrDefault("machine") };
                Console.WriteLine(JsonSerializer.Serialize(result, json));
                return 0;
            }
            case "urls":
            {
                // The same paths the load client sends, for the lighter client (wrk) to replay.
                var parameters = await BenchParameters.ReadAsync(db, CancellationToken.None);
                var random = new Random(Number("seed", 1));
                for (var i = Number("count", 10_000); i > 0; i--) Console.WriteLine(Queries.Url(Option("query"), parameters, random));
                return 0;
            }
            case "freshness":
            {
                var parameters = await BenchParameters.ReadAsync(db, CancellationToken.None);
                using var client = new HttpClient { BaseAddress = new Uri(Option("url")), Timeout = TimeSpan.FromSeconds(30) };
                var result = await FreshnessProbe.RunAsync(client, parameters, Option("key"), Number("samples", 20), CancellationToken.None);
                Console.WriteLine(JsonSerializer.Serialize(result, json));
                return 0;
            }
            default:
                return 2;
        }
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"expected an option, got {args[i]}");
            options[args[i][2..]] = args[i + 1];
        }
        return options;
    }
}
