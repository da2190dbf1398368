using System.Diagnostics;
using System.Net;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace ConnectingPeople.Directory.Api.Tests.Features.Telemetry;

public sealed class TelemetryTests(TelemetryTests.TracedApp app) : IClassFixture<TelemetryTests.TracedApp>
{
    /// <summary>OTLP switched on (pointing nowhere) and every finished span also kept in memory.</summary>
    public sealed class TracedApp : DirectoryApp
    {
        public List<Activity> Spans { get; } = [];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9");
            builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans)));
        }
    }

    private static bool HasServerSpan(IEnumerable<Activity> spans, string route) =>
        spans.Any(s => s.Kind == ActivityKind.Server && Equals(s.GetTagItem("url.path"), route));

    [Fact]
    public async Task Requests_and_their_database_statements_are_traced_with_route_templates_and_no_postcodes()
    {
        using var client = app.CreateClient();
        using var lookup = await client.GetAsync("/api/v1/postcodes/S1%202HE");
        using var search = await client.GetAsync("/api/v1/search?postcode=S1%202HE&radius_km=2");
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);

        Activity[] spans;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            await Task.Delay(100);
            lock (app.Spans) spans = [.. app.Spans];
        }
        // The listener hears every test app in the process: wait for this test's two requests, not any two.
        while (!(HasServerSpan(spans, "/api/v1/postcodes/{postcode}") && HasServerSpan(spans, "/api/v1/search")) && DateTime.UtcNow < deadline);

        var server = spans.Where(s => s.Kind == ActivityKind.Server).ToList();
        Assert.Contains(server, s => Equals(s.GetTagItem("url.path"), "/api/v1/postcodes/{postcode}"));
        Assert.Contains(server, s => Equals(s.GetTagItem("url.path"), "/api/v1/search"));
        // Database statements are children of the request that issued them.
        var database = spans.Where(s => s.Source.Name == "Npgsql").ToList();
        Assert.Contains(database, d => server.Any(s => s.TraceId == d.TraceId));
        foreach (var span in spans)
        {
            var text = span.DisplayName + " " + string.Join(" ", span.TagObjects.Select(t => $"{t.Key}={t.Value}"));
            Assert.DoesNotContain("S1 2HE", text, StringComparison.Ordinal);
            Assert.DoesNotContain("S1%202HE", text, StringComparison.Ordinal);
            Assert.DoesNotContain("S12HE", text, StringComparison.Ordinal);
        }
    }
}
