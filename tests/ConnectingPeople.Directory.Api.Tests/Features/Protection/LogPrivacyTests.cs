using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Insights;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Protection;

/// <summary>Everything the service logs, at the levels appsettings.json sets (and Debug for our own code), captured in memory.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    public sealed record Entry(string Category, LogLevel Level, string Text, IReadOnlyDictionary<string, string> Scope,
        IReadOnlyDictionary<string, string> State);

    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;
    public void Dispose() { }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => logs._scopes.Push(state);
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder(formatter(state, exception)).Append(' ').Append(Describe(state)).Append(' ').Append(exception);
            var scope = new Dictionary<string, string>();
            logs._scopes.ForEachScope((value, _) =>
            {
                text.Append(' ').Append(Describe(value));
                if (value is IEnumerable<KeyValuePair<string, object>> pairs)
                    foreach (var (key, item) in pairs) scope[key] = item?.ToString() ?? "";
            }, (object?)null);
            var fields = state is IEnumerable<KeyValuePair<string, object>> pairs2
                ? pairs2.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value?.ToString() ?? "")
                : new Dictionary<string, string>();
            logs.Entries.Enqueue(new Entry(category, logLevel, text.ToString(), scope, fields));
        }

        private static string Describe(object? value) => value is IEnumerable<KeyValuePair<string, object>> pairs
            ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
            : value?.ToString() ?? "";
    }
}

public sealed class LogPrivacyTests(LogPrivacyTests.LoggedApp app) : IClassFixture<LogPrivacyTests.LoggedApp>
{
    public sealed class LoggedApp : DirectoryApp
    {
        public CapturedLogs Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Logging:LogLevel:ConnectingPeople", "Debug");
            // As an operator might configure it: the service must not let error details (row values) through anyway.
            builder.UseSetting("ConnectionStrings:Directory", ConnectionString + ";Include Error Detail=true");
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        }
    }

    [Fact]
    public async Task Logs_carry_a_trace_id_per_request_and_no_keys_postcodes_origins_or_references()
    {
        var asset = await AnAsset("Logged walk").At(Places.SheffieldCityHall).About("walking").SaveAsync(app);
        var key = await app.CreateKeyAsync(Roles.Prescriber, team: "Log test link workers");
        using var client = app.ClientWithKey(key);
        var wrong = key[..^6] + (key.EndsWith("QQQQQQ", StringComparison.Ordinal) ? "RRRRRR" : "QQQQQQ");
        using var wrongKey = app.ClientWithKey(wrong);
        const string reference = "CASE-2024-7731";
        var before = app.Logs.Entries.Count;

        var urls = new[]
        {
            "/api/v1/search?postcode=S1%202HE&interests=walking",
            "/api/v1/search?latitude=53.381074&longitude=-1.471486&radius_km=2",
            "/api/v1/postcodes/S1%202HE",
            "/api/v1/search?postcode=ZZ99%209ZZ",
        };
        foreach (var url in urls)
        {
            using var response = await client.GetAsync(url);
            Assert.True((int)response.StatusCode < 500, $"{url} answered {(int)response.StatusCode}");
        }
        using var signposted = await client.PostAsJsonAsync("/api/v1/signposts", new { asset_id = asset.Id, support = "introduced", reference });
        using var refused = await wrongKey.GetAsync("/api/v1/signposts?reference=" + reference);
        await app.Services.GetRequiredService<SearchDemandLog>().FlushAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.Created, signposted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        // Request lines are written when each response completes, which may be just after the client has it.
        List<CapturedLogs.Entry> entries, requestLines;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            await Task.Delay(50);
            entries = [.. app.Logs.Entries.Skip(before)];
            requestLines = [.. entries.Where(e => e.Category.EndsWith("RequestLogging", StringComparison.Ordinal))];
        }
        while (requestLines.Count < urls.Length + 2 && DateTime.UtcNow < deadline);
        Assert.Equal(urls.Length + 2, requestLines.Count);
        Assert.All(requestLines, e => Assert.Matches("^[0-9a-f]{32}$", e.Scope.GetValueOrDefault("TraceId", "")));
        Assert.Equal(requestLines.Count, requestLines.Select(e => e.Scope["TraceId"]).Distinct().Count());

        string[] secrets = [key, key[12..], wrong, wrong[12..], "S1 2HE", "S12HE", "S1%202HE", "ZZ99", "53.381", "1.4714", reference];
        foreach (var entry in entries)
            foreach (var secret in secrets)
                Assert.False(entry.Text.Contains(secret, StringComparison.Ordinal), $"[{entry.Category}] logged '{secret}': {entry.Text}");
    }

    [Fact]
    public async Task A_failing_statement_is_logged_without_its_row_values()
    {
        // The write pipeline checks external ids before writing, so the clash is made below it, through the service's own
        // DbContext and logging: what matters is what a failing statement leaves in the logs.
        const string externalId = "EXT-SECRET-4471";
        var organisation = await Curation.CurationBodies.AnOrganisationAsync(app, "Organisation with a taken external id");
        var taken = await AnAsset("Taken external id").At(Places.NewSpot()).OwnedBy(organisation).With(a => a.ExternalId = externalId).SaveAsync(app);
        var before = app.Logs.Entries.Count;

        var failure = await Record.ExceptionAsync(() => app.WithDbAsync(async db =>
        {
            db.Assets.Add(new Asset { Id = Guid.CreateVersion7(), OrganisationId = organisation.Id, Name = "Second with the same id", KindId = taken.KindId, ExternalId = externalId });
            await db.SaveChangesAsync();
        }));

        Assert.NotNull(failure);
        Assert.DoesNotContain(externalId, failure.ToString(), StringComparison.Ordinal);
        var entries = app.Logs.Entries.Skip(before).ToList();
        Assert.Contains(entries, e => e.Level >= LogLevel.Error && e.Text.Contains("23505", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Text.Contains(externalId, StringComparison.Ordinal));
    }
}
