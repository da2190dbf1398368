using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Transfer;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Transfer;

/// <summary>JSON imports are read an element at a time, so memory holds a buffer, not the file; what they read is what the whole document says.</summary>
public sealed class StreamedImportTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    /// <summary>A stream that hands out at most a few bytes per read, as a slow upload or a small buffer would.</summary>
    private sealed class Trickle(byte[] data, int[] sizes) : MemoryStream(data)
    {
        private int _next;
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, sizes[_next++ % sizes.Length]));
    }

    private static readonly Gen<JsonNode> Element = Gen.OneOf(
        Gen.String.Select(s => (JsonNode)JsonValue.Create(s)),
        Gen.Int.Select(i => (JsonNode)JsonValue.Create(i)),
        Gen.Select(Gen.String, Gen.Int[0, 70_000], Gen.Int.Array[0, 5]).Select((name, padding, numbers) =>
            (JsonNode)new JsonObject { ["name"] = name, ["pad"] = new string(' ', padding), ["numbers"] = new JsonArray([.. numbers.Select(n => (JsonNode)n)]) }));

    [Fact]
    public void The_reader_yields_exactly_the_elements_of_the_array_however_the_bytes_arrive()
    {
        Gen.Select(Element.Array[0, 6], Gen.Bool, Gen.Int[1, 70_000].Array[1, 4], Gen.Int[0, 3]).Sample((elements, typeFirst, sizes, spaces) =>
        {
            var array = new JsonArray([.. elements.Select(e => e.DeepClone())]);
            var document = typeFirst
                ? new JsonObject { ["type"] = "FeatureCollection", ["other"] = new JsonArray(1, 2), ["features"] = array }
                : new JsonObject { ["features"] = array, ["type"] = "FeatureCollection" };
            var text = document.ToJsonString(new JsonSerializerOptions { WriteIndented = spaces > 1 }) + new string(' ', spaces);
            var reader = new JsonArrayReader(new Trickle(Encoding.UTF8.GetBytes(text), sizes), "features");

            var read = reader.Elements().Select(e => e.GetRawText()).ToList();

            var expected = JsonDocument.Parse(text).RootElement.GetProperty("features").EnumerateArray().Select(e => e.GetRawText()).ToList();
            return read.SequenceEqual(expected) && reader.FoundArray && reader.TopLevelString("type") == "FeatureCollection";
        }, iter: 60);
    }

    [Fact]
    public void A_truncated_document_is_an_import_format_error_not_a_crash()
    {
        var text = "{\"type\":\"FeatureCollection\",\"features\":[{\"a\":1},{\"b\":";
        var reader = new JsonArrayReader(new Trickle(Encoding.UTF8.GetBytes(text), [7]), "features");

        var error = Assert.Throws<ImportFormatException>(() => reader.Elements().ToList());
        Assert.StartsWith("is not JSON", error.Message);
    }

    [Fact]
    public async Task A_geojson_import_reads_features_larger_than_its_buffer_and_a_type_given_last()
    {
        var organisation = await AnOrganisationAsync(app, "Streamed GeoJSON");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        JsonObject Feature(string id, string name) => new()
        {
            ["type"] = "Feature", ["geometry"] = null,
            ["properties"] = new JsonObject { ["external_id"] = id, ["organisation"] = organisation.Name, ["name"] = name, ["delivery_modes"] = "phone" },
        };
        // 100 KB of whitespace inside the first feature: more than the reader's first buffer holds.
        var file = "{\"features\":[" + Feature("big-1", "Big feature").ToJsonString().Replace("\"geometry\"", new string(' ', 100_000) + "\"geometry\"")
            + "," + Feature("small-2", "Small feature").ToJsonString() + "],\"type\":\"FeatureCollection\"}";
        // Cut inside the second feature, after the whole first one: an import that fails part way writes nothing.
        var truncated = file[..(file.IndexOf("small-2", StringComparison.Ordinal))];

        using var broken = await curator.PostAsync("/api/v1/imports?format=geojson", new StringContent(truncated, Encoding.UTF8, "application/geo+json"));
        var afterBroken = await app.WithDbAsync(db => db.Assets.CountAsync(a => a.OrganisationId == organisation.Id));
        using var imported = await curator.PostAsync("/api/v1/imports?format=geojson", new StringContent(file, Encoding.UTF8, "application/geo+json"));
        var report = JsonDocument.Parse(await imported.Content.ReadAsStringAsync()).RootElement;

        await broken.AssertProblemNamingAsync(HttpStatusCode.BadRequest, "body");
        Assert.Equal(0, afterBroken);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(2, report.GetProperty("created").GetInt32());
        var names = await app.WithDbAsync(db => db.Assets.Where(a => a.OrganisationId == organisation.Id).OrderBy(a => a.Name).Select(a => a.Name).ToListAsync());
        Assert.Equal(["Big feature", "Small feature"], names);
    }

    /// <summary>Sessions of this test's database doing something, other than the one asking.</summary>
    private Task<int> BusySessionsAsync() => app.WithDbAsync(db => db.Database.SqlQuery<int>(
        $"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')").SingleAsync());

    [Fact]
    public async Task An_import_whose_client_goes_away_stops_and_writes_nothing()
    {
        var organisation = await AnOrganisationAsync(app, "Impatient importers");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        var csv = new StringBuilder("external_id,organisation,name,delivery_modes\r\n");
        for (var i = 0; i < 5000; i++) csv.Append($"walk-{i},{organisation.Name},Walk {i},phone\r\n");
        using var leaving = new CancellationTokenSource();

        var import = curator.PostAsync("/api/v1/imports", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"), leaving.Token);
        // Gone once the import is at work in its transaction (had it finished first, it would have committed: the test fails).
        for (var i = 0; i < 600 && await BusySessionsAsync() == 0 && !import.IsCompleted; i++) await Task.Delay(50);
        leaving.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => import);
        // Had the import gone on, it would commit all 5000 when done; wait until the database is quiet, then look.
        for (var i = 0; i < 1200 && await BusySessionsAsync() > 0; i++) await Task.Delay(100);

        Assert.Equal(0, await BusySessionsAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.Assets.CountAsync(a => a.OrganisationId == organisation.Id)));
    }
}
