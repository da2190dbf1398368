using System.Net;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Data.Seed;
using ConnectingPeople.Directory.Api.Features.ReadModel;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.ReadModel;

/// <summary>
/// Random directories and random ORUK list requests (every filter, postcodes with and without a proximity, pages),
/// asked of two instances on one database: one reading PostGIS, one its in-memory model. Both must return the same
/// status and, byte for byte, the same page of /openreferral/services and /openreferral/service_at_locations, and of
/// the organisation lists (/api/v1/organisations and /openreferral/organizations).
/// </summary>
public sealed class OrukListDifferentialTests : IAsyncLifetime
{
    private static readonly Place[] Centres = [Places.SheffieldCityHall, Places.SeftonParkPalmHouse, Places.YorkMinster];

    // Names whose order differs between collations: case, accents, and characters either side of the UTF-16 surrogates
    // (U+FB01 and U+FF3A sort after U+1D49C by UTF-16 code unit, before it by code point, as PostgreSQL's "C" does).
    private static readonly string[] Names = ["Alpha", "alpha", "Alpha walk", "Beta", "beta choir", "\u00c5ngstr\u00f6m club", "Zeta",
        "\uff3aeta", "\ud835\udc9clpha", "\ufb01ne walks", "Choir", "choir", "knitting circle"];
    private static readonly string[] Interests = ["walking", "health_walks", "nordic_walking", "knitting", "choir", "singing", "gardening"];
    private static readonly string[] Audiences = ["older_people", "carers", "men", "everyone"];
    private static readonly string[] Features = ["wheelchair", "hearing_loop", "parking"];
    private static readonly string[] Vocabularies = ["interests", "audiences", "accessibility", "kinds"];
    private static readonly string[] Days = ["MO", "TU", "WE", "th", "friday", "sat", "SU"];
    private static readonly string[] Words = ["walk", "walking", "walkng", "choir", "knitt", "knitting", "alpha", "the", "club", "caf\u00e9", "zzzz", "beta"];

    private string _connectionString = "";
    private ReadModelInstance _database = null!;
    private ReadModelInstance _memory = null!;
    private string[][] _postcodesNear = [];
    private string[][] _areasNear = [];

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabases.CreateAsync();
        _database = new ReadModelInstance(_connectionString, readModel: false);
        _memory = new ReadModelInstance(_connectionString, readModel: true);
        await ((IAsyncLifetime)_database).InitializeAsync();
        await ((IAsyncLifetime)_memory).InitializeAsync();
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        (_postcodesNear, _areasNear) = await _database.WithDbAsync(async db =>
        {
            var postcodes = new List<string[]>();
            var areas = new List<string[]>();
            foreach (var c in Centres)
            {
                var point = factory.CreatePoint(new Coordinate(c.Longitude, c.Latitude));
                postcodes.Add([c.Postcode, .. await db.Postcodes.Where(p => p.Point.IsWithinDistance(point, 6000)).OrderBy(p => p.Code).Select(p => p.Display).Take(30).ToArrayAsync()]);
                areas.Add(await db.Areas.Where(a => a.Boundary != null && a.Boundary.IsWithinDistance(point, 8000)).Select(a => a.Code).ToArrayAsync());
            }
            return (postcodes.ToArray(), areas.ToArray());
        });
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await _memory.DisposeAsync();
        await TestDatabases.DropAsync(_connectionString);
    }

    private sealed record Session(Weekday Day, int Start, int Hours);

    private sealed record Spec(int Name, int[] Venues, string[] Interests, string[] Audiences, string[] Features, (int? Min, int? Max) Ages,
        int Status, bool Online, Session[] Sessions, int ServiceArea, int Organisation, bool Kind);

    private static readonly Gen<Spec> Specs = Gen.Select(
        Gen.Select(Gen.Int[0, Names.Length - 1], Gen.Int[0, 7].HashSet[0, 3], Gen.OneOfConst(Interests).HashSet[0, 3],
            Gen.OneOfConst(Audiences).HashSet[0, 2], Gen.OneOfConst(Features).HashSet[0, 2]),
        Gen.Select(Gen.Select(Gen.Int[0, 80].Nullable(), Gen.Int[18, 100].Nullable()), Gen.Int[0, 5], Gen.Bool,
            Gen.Select(Gen.Enum<Weekday>(), Gen.Int[7, 20], Gen.Int[1, 3], (d, s, h) => new Session(d, s, h)).Array[0, 3]),
        Gen.Select(Gen.Int[0, 9], Gen.Int[0, 3], Gen.Int[0, 5]),
        (a, b, c) => new Spec(a.Item1, [.. a.Item2], [.. a.Item3], [.. a.Item4], [.. a.Item5], b.Item1, b.Item2, b.Item3, b.Item4,
            c.Item1, c.Item2, c.Item3 != 0));

    /// <summary>What a request may name that exists only once the sample's directory is written.</summary>
    private sealed record Written(string[] Postcodes, Guid[] Organisations, DateTimeOffset[] Updated);

    private static Gen<Func<Written, string>?> Sometimes(Gen<Func<Written, string>> parameter, int oneIn = 4) =>
        Gen.Select(Gen.Int[1, oneIn], parameter, (i, p) => i == 1 ? p : null);

    private static Gen<Func<Written, string>> Fixed(Gen<string> parameter) => parameter.Select(p => (Func<Written, string>)(_ => p));

    /// <summary>A path and query drawing on every ORUK list parameter.</summary>
    private static readonly Gen<Func<Written, string>> Requests = Gen.Select(Gen.Bool, new Gen<Func<Written, string>?>[]
        {
            Sometimes(Fixed(Gen.OneOfConst(Words).Array[1, 2].Select(w => "search=" + Uri.EscapeDataString(string.Join(" ", w)))), 3),
            Sometimes(Fixed(Gen.OneOfConst([.. Interests.Select(i => ("interests", i)), ("audiences", "men"), ("kinds", "group")])
                .Select(t => $"taxonomy_term_id={TaxonomyLoader.TermId(t.Item1, t.Item2)}"))),
            Sometimes(Fixed(Gen.OneOfConst(Vocabularies).Select(v => $"taxonomy_id={TaxonomyLoader.VocabularyId(v)}")), 5),
            Sometimes(Gen.Int[0, 3].Select(o => (Func<Written, string>)(w => $"organization_id={w.Organisations[o]}")), 5),
            // Exactly a listing's last change (at or after includes it), or a few milliseconds either side.
            Sometimes(Gen.Select(Gen.Int[0, 100], Gen.Int[-2, 2]).Select((u, ms) => (Func<Written, string>)(w =>
                "modified_after=" + Uri.EscapeDataString(w.Updated[u % w.Updated.Length].AddMilliseconds(ms * 3).ToString("O"))))),
            Sometimes(Fixed(Gen.Int[0, 80].Select(a => $"minimum_age={a}")), 5),
            Sometimes(Fixed(Gen.Int[18, 100].Select(a => $"maximum_age={a}")), 5),
            Sometimes(Fixed(Gen.OneOfConst(Days).Select(d => $"day={d}"))),
            Sometimes(Fixed(Gen.Int[6, 18].Select(h => $"start_time={h:00}:00")), 5),
            Sometimes(Fixed(Gen.Int[9, 23].Select(h => $"end_time={h:00}:30")), 5),
            Sometimes(Gen.Select(Gen.Int[0, 100], Gen.Int[0, 2], Gen.Int[100, 8_000]).Select((p, kind, m) => (Func<Written, string>)(w =>
                $"postcode={Uri.EscapeDataString(w.Postcodes[p % w.Postcodes.Length])}" + (kind == 0 ? "" : $"&proximity={m}"))), 2),
            Sometimes(Fixed(Gen.Int[1, 4].Select(p => $"page={p}")), 3),
            Sometimes(Fixed(Gen.Int[1, 30].Select(p => $"per_page={p}")), 2),
        }.Aggregate(Gen.Const(new List<Func<Written, string>>()), (all, parameter) => all.SelectMany(list => parameter.Select(p => p is null ? list : [.. list, p]))),
        (services, list) => (Func<Written, string>)(w =>
            (services ? "/openreferral/services?" : "/openreferral/service_at_locations?") + string.Join("&", list.Select(p => p(w)))));

    /// <summary>The organisation lists, native (past the last page is a 404) and ORUK, at small pages so that several are asked.</summary>
    private static readonly Gen<string> OrganisationLists = Gen.Select(Gen.Bool, Gen.Int[1, 5], Gen.Int[1, 12],
        (native, page, size) => (native ? "/api/v1/organisations" : "/openreferral/organizations") + $"?page={page}&per_page={size}");

    [Fact]
    public void Memory_and_PostGIS_return_the_same_ORUK_list_page_for_random_directories_and_requests()
    {
        var answered = 0;
        var fromMemoryWithResults = 0;
        var nearFromMemoryWithResults = 0;
        var textFromMemory = 0;
        var organisationListsFromMemory = 0;
        var gen = Gen.Int[0, Centres.Length - 1].SelectMany(centre =>
            Gen.Select(Gen.Select(Gen.Double[-4_000, 4_000], Gen.Double[-4_000, 4_000]).Array[8], Specs.Array[4, 12], Requests.Array[20],
                OrganisationLists.Array[6], (spots, specs, requests, lists) => (Centre: centre, Spots: spots, Specs: specs, Requests: requests, Lists: lists)));

        gen.Sample(sample =>
        {
            var centre = Centres[sample.Centre];
            var spots = sample.Spots.Select((s, i) => centre.Offset(s.Item1, s.Item2, $"Spot {i}")).ToArray();
            var organisations = Enumerable.Range(0, 4).Select(i => new Organisation
            {
                Id = Guid.CreateVersion7(), Name = i switch { 0 => "Sheffield Walkers", 1 => "friends of the Garden", 2 => "\ud835\udc9crt Circle", _ => "\uff21rt Circle" },
            }).ToArray();
            var ids = sample.Specs.Select(spec => Build(spec, spots, _areasNear[sample.Centre], organisations).SaveAsync(_database).GetAwaiter().GetResult().Id).ToList();
            _memory.AnnounceAsync(ids).GetAwaiter().GetResult();
            _memory.CaughtUpAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            var updated = _database.WithDbAsync(db => db.Assets.Where(a => ids.Contains(a.Id)).Select(a => a.UpdatedAt).ToArrayAsync()).GetAwaiter().GetResult();

            var written = new Written(_postcodesNear[sample.Centre], [.. organisations.Select(o => o.Id)], updated);
            foreach (var url in sample.Requests.Select(r => r(written)).Concat(sample.Lists))
            {
                var (status, body, databasePath) = GetAsync(_database, url);
                var (memoryStatus, memoryBody, path) = GetAsync(_memory, url);
                Assert.True(status == memoryStatus, $"GET {url}: PostGIS {status}, memory {memoryStatus}\n{body}\n{memoryBody}");
                if (status != HttpStatusCode.OK) continue;
                Assert.True(body == memoryBody, $"GET {url} differs:\n{FirstDifference(body, memoryBody)}");
                Assert.Equal("database", databasePath);
                answered++;
                var found = !body.Contains("\"total_items\":0");
                if (url.Contains("/organi"))
                {
                    Assert.Equal("memory", path);
                    organisationListsFromMemory++;
                }
                else if (!url.Contains("search="))
                {
                    Assert.Equal("memory", path);
                    if (found) fromMemoryWithResults++;
                    if (found && url.Contains("proximity=")) nearFromMemoryWithResults++;
                }
                else if (path == "memory") textFromMemory++;
            }
        }, iter: 10, threads: 1);

        // The comparison means something only if the memory path answered, and found services, often.
        Assert.True(answered >= 150, $"only {answered} requests answered 200");
        Assert.True(fromMemoryWithResults >= answered / 4, $"only {fromMemoryWithResults} of {answered} found anything");
        Assert.True(nearFromMemoryWithResults >= 10, $"only {nearFromMemoryWithResults} requests with a proximity found anything");
        Assert.True(organisationListsFromMemory >= 30, $"only {organisationListsFromMemory} organisation lists were answered from memory");
        Assert.True(textFromMemory >= 10, $"only {textFromMemory} requests with search text were answered from memory");
    }

    private static string FirstDifference(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        var from = Math.Max(0, i - 300);
        return $"PostGIS: …{a[from..Math.Min(a.Length, i + 300)]}\nmemory:  …{b[from..Math.Min(b.Length, i + 300)]}";
    }

    private static (HttpStatusCode, string, string?) GetAsync(ReadModelInstance app, string url)
    {
        using var client = app.CreateClient();
        using var response = client.GetAsync(url).GetAwaiter().GetResult();
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        var path = response.Headers.TryGetValues(ReadPath.Header, out var values) ? values.Single() : null;
        return (response.StatusCode, body, path);
    }

    private static AssetBuilder Build(Spec spec, Place[] spots, string[] areas, Organisation[] organisations)
    {
        var builder = AnAsset(Names[spec.Name]).OwnedBy(organisations[spec.Organisation]).About(spec.Interests).For(spec.Audiences)
            .Accessible(spec.Features).Aged(spec.Ages.Min, spec.Ages.Max)
            .WithStatus(spec.Status switch { 4 => AssetStatus.TemporarilyClosed, 5 => AssetStatus.Closed, _ => AssetStatus.Active });
        foreach (var venue in spec.Venues) builder.At(spots[venue]);
        if (spec.ServiceArea < areas.Length && spec.ServiceArea < 3) builder.Covering(areas[spec.ServiceArea], "Service area");
        foreach (var s in spec.Sessions) builder.Meeting(s.Day, s.Start, Math.Min(23, s.Start + s.Hours));
        return builder.With(a =>
        {
            if (spec.Online) a.DeliveryModes = [.. a.DeliveryModes, DeliveryModes.Online];
            if (!spec.Kind) a.KindId = null;
        });
    }
}
