using System.Diagnostics;
using System.Globalization;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using ConnectingPeople.Directory.Benchmark;
using Npgsql;

namespace ConnectingPeople.Directory.Api.Tests.Benchmark;

/// <summary>
/// The benchmark is not part of the test run, but its tools are: the generator, the load client and the pgbench
/// scripts run on a tiny dataset here so they cannot rot.
/// </summary>
public sealed class BenchmarkToolsTests(DirectoryApp app) : IClassFixture<DirectoryApp>, IAsyncLifetime
{
    private const int Assets = 300;
    private NpgsqlDataSource _db = null!;

    private static NpgsqlDataSource Open(string connectionString) => DatabaseExtensions.CreateDataSource(connectionString);

    private static List<Sector> Sectors() =>
        DataGenerator.ReadSectors(Path.Combine(TestDatabases.SeedDataDirectory, "reference", "postcodes", "postcode_sector_centroids.csv"));

    public async Task InitializeAsync()
    {
        _db = Open(app.ConnectionString);
        await using var exists = _db.CreateCommand("SELECT to_regclass('bench.origins') IS NOT NULL");
        if (!(bool)(await exists.ExecuteScalarAsync())!) await new DataGenerator(_db, Sectors(), 7).GenerateAsync(Assets, _ => { }, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<T> ScalarAsync<T>(string sql, NpgsqlDataSource? db = null)
    {
        await using var command = (db ?? _db).CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task The_generator_loads_listings_with_venues_terms_schedules_costs_and_search_text()
    {
        Assert.Equal(Assets, await ScalarAsync<long>("SELECT count(*) FROM directory.assets"));
        Assert.InRange(await ScalarAsync<long>("SELECT count(*) FROM directory.asset_locations"), Assets * 0.9, Assets * 1.4);
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM directory.assets WHERE search_text = '' OR search_vector = ''::tsvector"));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM directory.assets a WHERE NOT EXISTS (SELECT 1 FROM directory.schedules s WHERE s.asset_id = a.id)"));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM directory.assets a WHERE NOT EXISTS (SELECT 1 FROM directory.asset_costs c WHERE c.asset_id = a.id)"));
        Assert.True(await ScalarAsync<long>("SELECT count(DISTINCT term_id) FROM directory.asset_terms") > 20);
        Assert.Equal(DataGenerator.Origins, await ScalarAsync<long>("SELECT count(*) FROM bench.origins"));
        // Every venue lies within a few km of a real sector centroid: the spread follows the postcode data.
        Assert.Equal(0, await ScalarAsync<long>("""
            SELECT count(*) FROM directory.locations l
            WHERE NOT EXISTS (SELECT 1 FROM directory.postcode_sectors s WHERE ST_DWithin(s.point, l.point, 15000))
            """));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_listings()
    {
        var again = await TestDatabases.CreateAsync();
        try
        {
            await using var other = Open(again);
            await new DataGenerator(other, Sectors(), 7).GenerateAsync(Assets, _ => { }, CancellationToken.None);
            const string fingerprint = "SELECT md5(string_agg(a.id::text || a.name || ST_AsText(l.point::geometry), ',' ORDER BY a.id, l.id)) "
                + "FROM directory.assets a JOIN directory.asset_locations al ON al.asset_id = a.id JOIN directory.locations l ON l.id = al.location_id";

            Assert.Equal(await ScalarAsync<string>(fingerprint), await ScalarAsync<string>(fingerprint, other));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await TestDatabases.DropAsync(again);
        }
    }

    [Theory]
    [InlineData("Q1")]
    [InlineData("Q2")]
    [InlineData("Q3")]
    [InlineData("Q4")]
    [InlineData("Q5")]
    public async Task The_load_client_drives_each_canonical_query_without_errors(string query)
    {
        var parameters = await BenchParameters.ReadAsync(_db, CancellationToken.None);

        var result = await LoadClient.RunAsync(app.CreateClient(), query, parameters, 2, TimeSpan.FromSeconds(1), 1, CancellationToken.None);

        Assert.True(result.Errors == 0, result.FirstError);
        Assert.True(result.Requests > 0, "no request completed");
        Assert.True(result.P50Ms <= result.P99Ms);
    }

    [Fact]
    public async Task The_soak_client_sends_its_mix_at_the_rate_asked_and_the_reliability_report_shows_it()
    {
        var parameters = await BenchParameters.ReadAsync(_db, CancellationToken.None);
        var key = await app.CreateKeyAsync(Api.Data.Entities.Roles.Admin);

        var result = await SoakClient.RunAsync(app.CreateClient(), parameters, rate: 30, TimeSpan.FromSeconds(4), key, Environment.ProcessId, 3, CancellationToken.None);
        var report = ReliabilityReport.Render(result, Assets, "test machine", DateTimeOffset.UtcNow);

        Assert.True(result.Errors == 0, string.Join("\n", result.FirstErrors));
        Assert.InRange(result.Requests, 110, 130);
        Assert.True(result.Writes > 0, "no curator edit in the mix");
        Assert.NotNull(result.RssStartMb);
        Assert.Contains($"| {result.Requests:N0} | 0 | {result.Writes:N0} |", report);
        Assert.Contains("zero errors (met)", report);
        // The edits went through: listings carry the soak's summary.
        Assert.True(await ScalarAsync<long>("SELECT count(*) FROM directory.assets WHERE summary LIKE 'Checked during the soak test%'") == result.Writes);
    }

    [Theory]
    [InlineData("q1.sql")]
    [InlineData("q2.sql")]
    [InlineData("q3.sql")]
    [InlineData("q4.sql")]
    [InlineData("q5.sql")]
    public async Task The_pgbench_scripts_run_against_the_schema(string script)
    {
        var cs = new NpgsqlConnectionStringBuilder(app.ConnectionString);
        var terms = await ScalarAsync<string>("SELECT array_agg(id)::text FROM directory.taxonomy_terms WHERE code IN ('walking', 'gardening')");
        // Assembled as scripts/bench.sh does: a script ending in "-- + details.sql" runs the shared detail statements too.
        var folder = Path.Combine(AppContext.BaseDirectory, "sql");
        var text = await File.ReadAllTextAsync(Path.Combine(folder, script));
        if (text.Split('\n').Any(l => l.TrimEnd() == "-- + details.sql")) text += await File.ReadAllTextAsync(Path.Combine(folder, "details.sql"));
        var assembled = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}-{script}");
        await File.WriteAllTextAsync(assembled, text);
        var start = new ProcessStartInfo("/usr/lib/postgresql/15/bin/pgbench") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PGOPTIONS"] = "-c pg_trgm.word_similarity_threshold=0.5";
        foreach (var argument in new[] { "-h", cs.Host!, "-p", cs.Port.ToString(CultureInfo.InvariantCulture), "-U", cs.Username ?? "postgres", "-n",
                     "-M", "prepared", "-t", "5", "-D", $"terms={terms}", "-f", assembled, cs.Database! })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.Delete(assembled);

        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("number of transactions actually processed: 5/5", output);
    }

    [Fact]
    public void The_report_puts_each_API_row_beside_its_SQL_row_and_its_best_raw_anchor_with_the_ratios()
    {
        var lines = new[]
        {
            """{"kind":"api","assets":1000,"query":"Q1","concurrency":16,"seconds":20,"requests":4000,"errors":0,"throughput":200.0,"p50_ms":70,"p95_ms":90,"p99_ms":120,"first_error":null}""",
            """{"kind":"sql","assets":1000,"query":"Q1","concurrency":16,"throughput":250.0,"latency_avg_ms":60}""",
            """{"kind":"anchor","assets":1000,"query":"Q1","variant":"exact","concurrency":16,"throughput":300.0,"latency_avg_ms":50}""",
            """{"kind":"anchor","assets":1000,"query":"Q1","variant":"knn","concurrency":16,"throughput":4000.0,"latency_avg_ms":4}""",
            """{"kind":"anchor","assets":1000,"query":"Q1","variant":"knn","concurrency":1,"throughput":9999.0,"latency_avg_ms":1}""",
            """{"kind":"api","assets":1000,"query":"Q3","concurrency":1,"seconds":20,"requests":100,"errors":2,"throughput":5.0,"p50_ms":1,"p95_ms":2,"p99_ms":3,"first_error":"x"}""",
            """{"kind":"dataset","assets":1000,"load_seconds":12.5,"peak_memory_mb":321,"read_model_load_ms":2500}""",
        };

        var markdown = Report.Render(lines, "test machine", 20, DateTimeOffset.UnixEpoch);

        var q1 = Assert.Single(markdown.Split('\n'), l => l.StartsWith("| Q1:", StringComparison.Ordinal));
        // The best anchor at the same concurrency (knn's 4,000, not exact's 300 nor the c=1 row's 9,999).
        Assert.EndsWith($"| 250.0 | {200.0 / 250.0:0.00} | 4000.0 (knn) | {200.0 / 4000.0:0.00} |", q1.TrimEnd());
        var q3 = Assert.Single(markdown.Split('\n'), l => l.StartsWith("| Q3:", StringComparison.Ordinal));
        Assert.Contains("| 2 | not run | - | not run | - |", q3);
        Assert.Contains("read model loaded in 2.5 s", markdown);
        Assert.Contains("## 1,000 listings", markdown);
        Assert.Contains("321 MB", markdown);
        Assert.Contains("test machine", markdown);
    }

    [Fact]
    public async Task The_freshness_probe_renames_listings_and_finds_each_new_name_in_anonymous_search()
    {
        var parameters = await BenchParameters.ReadAsync(_db, CancellationToken.None);
        var key = await app.CreateKeyAsync(Api.Data.Entities.Roles.Admin);

        var result = await FreshnessProbe.RunAsync(app.CreateClient(), parameters, key, samples: 3, CancellationToken.None);

        Assert.Equal(3, result.Samples);
        Assert.Equal(0, result.NotSeen);
        Assert.True(result.P50Ms <= result.MaxMs);
        Assert.True(await ScalarAsync<long>("SELECT count(*) FROM directory.assets WHERE name LIKE 'Freshness probe %'") >= 3);
    }

    [Fact]
    public void The_report_says_which_read_model_targets_this_run_met()
    {
        var lines = new[]
        {
            """{"kind":"api","assets":1000000,"query":"Q1","concurrency":16,"seconds":20,"requests":4000,"errors":0,"throughput":25000.0,"p50_ms":1,"p95_ms":2,"p99_ms":4,"first_error":null}""",
            """{"kind":"anchor","assets":1000000,"query":"Q1","variant":"knn","concurrency":16,"throughput":4000.0,"latency_avg_ms":4}""",
            """{"kind":"api","assets":1000000,"query":"Q5","concurrency":16,"seconds":20,"requests":4000,"errors":0,"throughput":100.0,"p50_ms":50,"p95_ms":90,"p99_ms":120,"first_error":null}""",
            """{"kind":"anchor","assets":1000000,"query":"Q5","variant":"one","concurrency":16,"throughput":1000.0,"latency_avg_ms":4}""",
            """{"kind":"wrk","assets":1000000,"query":"Q1","concurrency":16,"requests":1000,"throughput":30000.0,"p50_ms":0.5,"p99_ms":3.5,"errors":0}""",
            """{"kind":"freshness","assets":1000000,"samples":20,"p50_ms":40.5,"max_ms":300.0,"not_seen":0,"from_memory":20,"polls":100}""",
            """{"kind":"dataset","assets":1000000,"load_seconds":120,"peak_memory_mb":1000,"read_model_load_ms":40000}""",
        };

        var markdown = Report.Render(lines, "test machine", 20, DateTimeOffset.UnixEpoch);
        var targets = markdown.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();

        // Q1 is judged on the faster client's row (wrk's 30,000 against the .NET client's 25,000).
        Assert.Contains(targets, l => l.StartsWith("- Q1 at concurrency 16 (wrk, 30000 req/s): 7.50x the best raw query (met); p99 3.5 ms against 5 ms (met)", StringComparison.Ordinal));
        Assert.Contains(targets, l => l.StartsWith("- Q5 at concurrency 16 (.NET client, 100 req/s): 0.10x the best raw query (**not met**); p99 120.0 ms against 5 ms (**not met**)", StringComparison.Ordinal));
        Assert.Contains("| Q1: ", markdown.Split("with the lighter client")[1]);
        Assert.Contains(targets, l => l.Contains("slowest 300.0 ms, against 1 s (met)", StringComparison.Ordinal));
        Assert.Contains(targets, l => l.StartsWith("- Read model loaded in 40.0 s against 30 s (**not met**); API peak memory 1000 MB against 1,536 MB (met)", StringComparison.Ordinal));
    }

    [Fact]
    public void An_overload_run_is_reported_beside_the_soak_with_served_shed_errors_and_p99()
    {
        var soak = new SoakResult(40, 10, 24_000, 0, 2_400, 12, 80, 300, 310, [], []);
        var overload = new SoakResult(200, 2, 24_000, 3, 1_000, 15, 95, 300, 320, [], ["timeout"], Shed: 13_197, ShedP99Ms: 4.5,
            ErrorKinds: new Dictionary<string, long> { ["400 Query too expensive"] = 1, ["TaskCanceledException"] = 2 },
            ReadP99Ms: 60, EditP99Ms: 140, ReadsFromDatabase: 1_234);

        var markdown = ReliabilityReport.Render(soak, Assets, "test machine", DateTimeOffset.UnixEpoch, overload);

        Assert.Contains("## Overload: 200 requests a second for 2 minutes", markdown);
        var served = 24_000 - 3 - 13_197;
        Assert.Contains($"| 24,000 | {served:N0} | 13,197 | 3 | 15.0 | 95.0 | 60.0 | 140.0 | 4.5 | {served / 120.0:0.#} |", markdown);
        Assert.Contains("read model had fallen behind its freshness bound: 1,234.", markdown);
        Assert.Contains("Errors by kind: TaskCanceledException: 2; 400 Query too expensive: 1.", markdown);
        // Shed p99 4.5 ms is fast; served p99 95 ms is within twice the soak's 80 ms.
        Assert.Contains("shed answers within 100 ms at p99 (met: 4.5 ms); served p99 within twice the soak's (met: 95.0 ms against 80.0 ms)", markdown);
        var slow = ReliabilityReport.Render(soak, Assets, "test machine", DateTimeOffset.UnixEpoch, overload with { P99Ms = 5_000, ShedP99Ms = 1_100 });
        Assert.Contains("(not met: 1100.0 ms); served p99 within twice the soak's (not met: 5000.0 ms against 80.0 ms)", slow);
        Assert.DoesNotContain("## Overload", ReliabilityReport.Render(soak, Assets, "test machine", DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void The_sustainable_rate_is_the_highest_rising_step_that_served_nearly_all_at_normal_latency()
    {
        var soak = new SoakResult(40, 10, 24_000, 0, 2_400, 12, 80, 300, 310, [], []);
        SoakResult Step(double rate, long shed, long errors, double p99) =>
            new(rate, 0.5, (long)(rate * 30), errors, 0, 10, p99, 300, 300, [], [], Shed: shed, ShedP99Ms: 3);
        // 400 sheds 5% (12,000 sent, 600 shed): it does not hold, and 800 holding by chance does not count past it.
        // The lowest step (100 a second, p99 80 ms) is the baseline: a step holds with p99 up to 160 ms.
        List<SoakResult> steps = [Step(800, 0, 0, 90), Step(100, 0, 0, 80), Step(400, 600, 0, 150), Step(200, 20, 10, 159)];

        Assert.True(ReliabilityReport.Holds(steps[3], soak));
        Assert.False(ReliabilityReport.Holds(Step(200, 0, 0, 161), soak)); // p99 above twice the soak's 80 ms
        Assert.False(ReliabilityReport.Holds(Step(200, 31, 30, 100), soak)); // 61 of 6,000 is over 1%
        Assert.Equal(200, ReliabilityReport.SustainableRate(steps, soak));
        Assert.Null(ReliabilityReport.SustainableRate([Step(100, 500, 0, 70)], soak));

        var markdown = ReliabilityReport.Render(soak, Assets, "test machine", DateTimeOffset.UnixEpoch, steps: steps);
        var rows = markdown.Split('\n').Where(l => l.StartsWith("| 100 |") || l.StartsWith("| 200 |") || l.StartsWith("| 400 |") || l.StartsWith("| 800 |")).ToList();
        Assert.Equal(["| 100 |", "| 200 |", "| 400 |", "| 800 |"], rows.Select(l => l[..(l.IndexOf(" |", 2, StringComparison.Ordinal) + 2)]));
        Assert.Contains($"| 400 | 12,000 | {12_000 - 600:N0} | 600 | 0 |", markdown);
        Assert.EndsWith("| no |", rows[2]);
        Assert.Contains("Sustainable rate found: **200 requests a second**", markdown);

        // The overload run is judged against the same run's lowest step, and beside the sustainable rate found.
        var overload = Step(1600, 30_000, 0, 150) with { Minutes = 2, Requests = 192_000 };
        var judged = ReliabilityReport.Render(soak with { P99Ms = 1 }, Assets, "test machine", DateTimeOffset.UnixEpoch, overload, steps);
        Assert.Contains("served p99 within twice the lowest step's (100 a second) (met: 150.0 ms against 80.0 ms)", judged);
        Assert.Contains($"Served at this mix: {(192_000 - 30_000) / 120.0:0.#} a second, against the sustainable rate found of 200.", judged);
    }

    [Fact]
    public void A_report_joining_a_soak_and_a_later_overload_run_names_when_and_where_each_was_measured()
    {
        var soakAt = new DateTimeOffset(2026, 11, 30, 7, 16, 0, TimeSpan.Zero);
        var overloadAt = soakAt.AddDays(1).AddHours(3);
        var soak = new SoakResult(40, 10, 24_000, 0, 2_400, 12, 80, 300, 310, [], [], MeasuredAt: soakAt, Machine: "machine A");
        var overload = new SoakResult(200, 2, 24_000, 3, 1_000, 15, 95, 300, 320, [], [], Shed: 13_197, ShedP99Ms: 4.5, MeasuredAt: overloadAt, Machine: "machine B");

        var markdown = ReliabilityReport.Render(soak, Assets, "machine B", overloadAt, overload);

        Assert.Contains($"**Soak run:** {soakAt:yyyy-MM-dd HH:mm} UTC on machine A", markdown);
        Assert.Contains($"**Overload run:** {overloadAt:yyyy-MM-dd HH:mm} UTC on machine B", markdown);
        Assert.DoesNotContain("Every figure below was measured in that run", markdown);
        // A result from before runs were stamped is not passed off as this report's run.
        var unstamped = ReliabilityReport.Render(soak with { MeasuredAt = null, Machine = null }, Assets, "machine B", overloadAt, overload);
        Assert.Contains("**Soak run:** when and where not recorded", unstamped);
    }
}
