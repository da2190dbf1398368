using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Features.Curation;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Tests.Features.Health;

/// <summary>The built service as its own process, sent SIGTERM (what a container platform sends) mid-request.</summary>
public sealed class GracefulShutdownTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private const int Rows = 400;

    [Fact]
    public async Task On_SIGTERM_a_request_in_flight_finishes_and_its_import_is_written_whole_then_the_process_exits_cleanly()
    {
        var organisation = await CurationBodies.AnOrganisationAsync(app, "Imported at shutdown");
        var key = await app.CreateKeyAsync(Roles.Admin);
        var port = FreePort();
        using var api = StartService(app.ConnectionString, port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        Assert.True(await http.AnswersOkWithinAsync("/health/live", TimeSpan.FromSeconds(60)), "the service did not start");

        // The body arrives slowly: half of it, then a pause in which the service is told to stop, then the rest.
        var body = new SlowBody(Csv(organisation.Name), pauseAfterHalf: TimeSpan.FromSeconds(2)).Typed();
        var importing = http.PostAsync("/api/v1/imports?format=csv", body);
        await body.HalfSent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using (var kill = Process.Start("kill", ["-TERM", api.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        using var response = await importing;
        var exited = api.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(exited, "the service did not stop after finishing its request");
        Assert.Equal(0, api.ExitCode);
        var written = await app.WithDbAsync(db => db.Assets.CountAsync(a => a.OrganisationId == organisation.Id));
        Assert.Equal(Rows, written);
    }

    private static string Csv(string organisation)
    {
        var csv = new StringBuilder("external_id,organisation,name,interests,costs,venue_name,postcode,schedules\r\n");
        for (var i = 0; i < Rows; i++) csv.Append(CultureInfoFree($"shutdown-{i},{organisation},Shutdown group {i},walking,free,Hall {i % 20},S1 2JA,\"Every Tuesday, 10:00 to 12:00\"\r\n"));
        return csv.ToString();
    }

    private static string CultureInfoFree(FormattableString s) => FormattableString.Invariant(s);

    private static Process StartService(string connectionString, int port)
    {
        // The service built beside this test assembly, in the same configuration.
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var root = Path.GetDirectoryName(TestDatabases.SeedDataDirectory.TrimEnd('/'))!;
        var dll = Path.Combine(root, "src", "ConnectingPeople.Directory.Api", "bin", configuration, "net10.0", "ConnectingPeople.Directory.Api.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(dll);
        start.Environment["ConnectionStrings__Directory"] = connectionString;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__InitializeOnStartup"] = "false";
        start.Environment["Seed__DataDirectory"] = TestDatabases.SeedDataDirectory;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A request body sent in two halves with a pause between them.</summary>
    private sealed class SlowBody(string text, TimeSpan pauseAfterHalf) : HttpContent
    {
        private readonly byte[] _bytes = Encoding.UTF8.GetBytes(text);

        public SlowBody Typed()
        {
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            return this;
        }

        public TaskCompletionSource HalfSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = _bytes.Length / 2;
            await stream.WriteAsync(_bytes.AsMemory(0, half));
            await stream.FlushAsync();
            HalfSent.TrySetResult();
            await Task.Delay(pauseAfterHalf);
            await stream.WriteAsync(_bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }
}
