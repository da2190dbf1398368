using System.Diagnostics;
using Npgsql;

namespace ConnectingPeople.Directory.Api.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of a test's own, to stop and start at will, made with the same helpers the scripts use
/// (scripts/lib/postgres.sh: start_cluster, stop_cluster). The shared test cluster is never touched.
/// </summary>
public sealed class ScratchCluster : IAsyncDisposable
{
    private static readonly string RepoRoot = Path.GetDirectoryName(TestDatabases.SeedDataDirectory.TrimEnd('/'))!;

    private ScratchCluster(string directory, int port) => (Directory, Port) = (directory, port);

    public string Directory { get; }
    public int Port { get; }

    public static async Task<ScratchCluster> CreateAsync()
    {
        var name = "scratch-" + Guid.NewGuid().ToString("N")[..10];
        var directory = await BashAsync($"cluster_dir {name}");
        var port = int.Parse(await BashAsync($"free_port {56_100 + Random.Shared.Next(800)}"), System.Globalization.CultureInfo.InvariantCulture);
        return new ScratchCluster(directory, port);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=3;Command Timeout=30";

    public Task StartAsync() => BashAsync($"PG_FSYNC=off start_cluster '{Directory}' {Port}");

    /// <summary>A fast shutdown: open connections are cut, as when a database server is lost or restarted.</summary>
    public Task StopAsync() => BashAsync($"stop_cluster '{Directory}'");

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await BashAsync($"stop_cluster '{Directory}'; rm -rf '{Directory}'");
    }

    private static async Task<string> BashAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"set -euo pipefail; source '{RepoRoot}/scripts/lib/postgres.sh'; {command}");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"'{command}' failed ({process.ExitCode}): {await errors}");
        return (await output).Trim();
    }
}
