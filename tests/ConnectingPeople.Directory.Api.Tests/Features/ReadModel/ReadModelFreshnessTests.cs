using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.ReadModel;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.ReadModel;

/// <summary>
/// Two instances, each with its own read model, on one database: what a curator writes through one is in anonymous
/// search (with and without words), listing detail and organisation reads on the other within a second (the issue's
/// freshness bound), and the curator reads their own write at once.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class ReadModelFreshnessTests : IAsyncLifetime
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private string _connectionString = "";
    private ReadModelInstance _writer = null!;
    private ReadModelInstance _reader = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabases.CreateAsync();
        _writer = new ReadModelInstance(_connectionString, readModel: true);
        _reader = new ReadModelInstance(_connectionString, readModel: true);
        await ((IAsyncLifetime)_writer).InitializeAsync();
        await ((IAsyncLifetime)_reader).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _reader.DisposeAsync();
        await TestDatabases.DropAsync(_connectionString);
    }

    [Fact]
    public async Task An_edit_through_one_instance_is_in_search_on_the_other_within_a_second()
    {
        Assert.True(await _writer.CreateClient().AnswersOkWithinAsync("/health/ready", TimeSpan.FromMinutes(1)));
        Assert.True(await _reader.CreateClient().AnswersOkWithinAsync("/health/ready", TimeSpan.FromMinutes(1)));
        var organisation = await AnOrganisationAsync(_writer);
        var curator = _writer.ClientWithKey(await _writer.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        const string search = "/api/v1/search?postcode=S1%202JA&radius_km=2&per_page=100";

        var (created, etag) = await CreateAsync(curator, AWalk(organisation.Id, "Freshness walk"));
        var id = created.GetProperty("id").GetGuid();
        Assert.True(await SeenWithinAsync(_reader, search, page => page.Names().Contains("Freshness walk"), Second), "created listing not in search within 1 s");

        // The curator reads their own write at once, from the database (credentials never read the model).
        using (var own = await curator.GetAsync(search))
        {
            Assert.Equal("database", own.Headers.GetValues(ReadPath.Header).Single());
        }

        var url = $"/api/v1/assets/{id}";
        using var patched = await curator.SendAsync(WithIfMatch(HttpMethod.Patch, url, MergePatch(new JsonObject { ["name"] = "Renamed walk" }), etag));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.True(await SeenWithinAsync(_reader, search, page => page.Names().Contains("Renamed walk") && !page.Names().Contains("Freshness walk"), Second),
            "renamed listing not in search within 1 s");
        Assert.True(await SeenWithinAsync(_reader, search + "&q=renamed", page => page.Ids().Contains(id), Second), "new name not found by q within 1 s");
        Assert.True(await SeenWithinAsync(_reader, url, detail => detail.GetProperty("name").GetString() == "Renamed walk", Second),
            "renamed listing's detail not within 1 s");

        // An organisation edit reaches the organisation's own read and the listing's detail.
        var organisationUrl = $"/api/v1/organisations/{organisation.Id}";
        using (var current = await curator.GetAsync(organisationUrl))
        {
            using var renamed = await curator.SendAsync(WithIfMatch(HttpMethod.Patch, organisationUrl,
                MergePatch(new JsonObject { ["name"] = "Renamed organisation" }), current.Headers.ETag!.Tag));
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }
        Assert.True(await SeenWithinAsync(_reader, organisationUrl, o => o.GetProperty("name").GetString() == "Renamed organisation"
            && o.GetProperty("asset_count").GetInt32() == 1, Second), "renamed organisation not within 1 s");
        Assert.True(await SeenWithinAsync(_reader, url, detail => detail.GetProperty("organisation").GetProperty("name").GetString() == "Renamed organisation", Second),
            "listing detail does not show the organisation's new name within 1 s");

        // The listing shows its organisation's name, so the rename gave it a new version: delete at that one.
        using var renamedListing = await curator.GetAsync(url);
        Assert.NotEqual(patched.Headers.ETag!.Tag, renamedListing.Headers.ETag!.Tag);
        using var deleted = await curator.SendAsync(WithIfMatch(HttpMethod.Delete, url, null, renamedListing.Headers.ETag!.Tag));
        Assert.True(deleted.IsSuccessStatusCode);
        Assert.True(await SeenWithinAsync(_reader, search, page => !page.Ids().Contains(id), Second), "deleted listing still in search after 1 s");
        Assert.True(await SeenWithinAsync(_reader, organisationUrl, o => o.GetProperty("asset_count").GetInt32() == 0, Second),
            "deleted listing still counted by its organisation after 1 s");
    }

    [Fact]
    public async Task A_change_made_while_the_listener_is_cut_is_caught_up_after_it_reconnects()
    {
        Assert.True(await _reader.CreateClient().AnswersOkWithinAsync("/health/ready", TimeSpan.FromMinutes(1)));
        var organisation = await AnOrganisationAsync(_writer);
        var curator = _writer.ClientWithKey(await _writer.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        const string search = "/api/v1/search?postcode=S1%202JA&radius_km=2&per_page=100";

        // Cut every LISTEN connection (both instances'), then write: no notice can reach the reader.
        await _writer.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()"));
        var (created, _) = await CreateAsync(curator, AWalk(organisation.Id, "Written while cut"));
        var id = created.GetProperty("id").GetGuid();

        Assert.True(await SeenWithinAsync(_reader, search, page => page.Ids().Contains(id), TimeSpan.FromSeconds(10)),
            "the change made while the listener was cut never reached the model");
        var cursor = _reader.Model.AppliedThrough;
        var last = await _writer.WithDbAsync(db => db.AuditEntries.MaxAsync(e => e.Id));
        Assert.Equal(last, cursor);
        Assert.Single(_reader.Model.Assets.Values, a => a.Name == "Written while cut");
    }

    /// <summary>Polls anonymous search on the instance until the page satisfies the condition, answered from memory.</summary>
    private static async Task<bool> SeenWithinAsync(ReadModelInstance app, string url, Func<JsonElement, bool> condition, TimeSpan within)
    {
        var client = app.CreateClient();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < within)
        {
            using var response = await client.GetAsync(url);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            if (response.Headers.GetValues(ReadPath.Header).Single() == "memory" && condition(page)) return true;
            await Task.Delay(10);
        }
        return false;
    }
}
