using System.Globalization;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Schedules;
using ConnectingPeople.Directory.Api.Features.Search;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace ConnectingPeople.Directory.Benchmark;

/// <summary>A GB postcode sector: its centroid, how many postcodes it has (the population weight) and its authority.</summary>
public sealed record Sector(string Code, double Latitude, double Longitude, int Postcodes, string? LocalAuthorityCode);

/// <summary>
/// Synthetic listings at national scale, the same every time for the same seed: venues spread like the population
/// (postcode sectors weighted by their postcode counts), realistic mixes of interests, schedules, costs, audiences,
/// accessibility and multi-venue listings. Loaded with PostgreSQL binary COPY, then the search text is built by the service's own
/// <see cref="AssetSearchDocument"/>. Also writes bench.origins and bench.asset_ids (10,000 each; listings drawn with replacement), the parameters the load client and pgbench draw from.
/// </summary>
public sealed class DataGenerator(NpgsqlDataSource db, IReadOnlyList<Sector> sectors, int seed)
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);
    private static readonly DateTime Now = new(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc);
    private readonly Random _random = new(seed);
    private readonly double[] _cumulative = Cumulative(sectors);

    public const int Origins = 10_000;

    public static List<Sector> ReadSectors(string csvPath)
    {
        var lines = File.ReadLines(csvPath).ToList();
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        int code = Col("sector"), lat = Col("latitude"), lon = Col("longitude"), count = Col("postcode_count"), lad = Col("main_admin_district_code");
        return [.. lines.Skip(1).Select(l => l.Split(','))
            .Where(f => f[lat].Length > 0 && f[lon].Length > 0)
            .Select(f => new Sector(f[code], double.Parse(f[lat], CultureInfo.InvariantCulture), double.Parse(f[lon], CultureInfo.InvariantCulture),
                int.Parse(f[count], CultureInfo.InvariantCulture), f[lad].Length > 0 ? f[lad] : null))];
    }

    private sealed record Term(Guid Id, string Code, string Name);

    private sealed record VenueRow(Guid Id, string Name, string Address, string Town, string Postcode, Point Point, string? LocalAuthorityCode);

    private sealed record AssetRow(Guid Id, Guid OrganisationId, string Name, string Summary, string Description, Guid KindId, string Status,
        string HowToJoin, bool Companions, bool Accepting, int? MinAge, string[] DeliveryModes, DateTime VerifiedAt);

    /// <summary>Generates the listings in memory (deterministic), then loads each table with one binary COPY, in one transaction.</summary>
    public async Task GenerateAsync(int assets, Action<string> log, CancellationToken ct)
    {
        var terms = await TermsAsync(ct);
        var interests = terms["interests"];
        var kinds = terms["kinds"];
        var audiences = terms["audiences"];
        var accessibility = terms["accessibility"];
        var wheelchair = accessibility.First(t => t.Code == "wheelchair").Id;
        // Popular interests first: a Zipf-like weight so walking and social groups outnumber pottery.
        var interestWeights = Cumulative(interests.Select((_, i) => 1.0 / (1 + i * 0.35)).ToArray());

        var organisations = Enumerable.Range(0, Math.Max(1, assets / 5)).Select(_ => NextGuid()).ToArray();
        var venues = new List<VenueRow>(assets * 12 / 10);
        var assetRows = new List<AssetRow>(assets);
        var links = new List<(Guid Id, Guid Asset, Guid Location)>(assets * 12 / 10);
        var assetTerms = new List<(Guid Asset, Guid Term)>(assets * 4);
        var schedules = new List<(Guid Id, Guid Asset, Guid? Location, Schedule Schedule)>(assets * 12 / 10);
        var costs = new List<(Guid Id, Guid Asset, CostKind Kind, decimal? Amount, CostPeriod? Per)>(assets);
        for (var i = 0; i < assets; i++)
        {
            var id = NextGuid();
            var sector = PickSector();
            var interest = interests[Pick(interestWeights)];
            var kind = kinds[_random.Next(kinds.Count)];
            var remote = _random.NextDouble() < 0.04;
            var venueCount = remote ? 0 : _random.NextDouble() < 0.12 ? 2 : 1;
            var venueIds = new List<Guid>();
            for (var v = 0; v < venueCount; v++)
            {
                var (lat, lon) = Jitter(sector, v == 0 ? 450 : 2500);
                var venue = new VenueRow(NextGuid(), $"{Pick(VenueKinds)} {sector.Code}", $"{1 + _random.Next(200)} {Pick(Streets)}",
                    sector.Code.Split(' ')[0], $"{sector.Code}{(char)('A' + _random.Next(26))}{(char)('A' + _random.Next(26))}",
                    Wgs84.CreatePoint(new Coordinate(lon, lat)), sector.LocalAuthorityCode);
                venues.Add(venue);
                venueIds.Add(venue.Id);
                links.Add((NextGuid(), id, venue.Id));
            }

            var chosen = new HashSet<Guid> { interest.Id };
            for (var extra = _random.Next(3); extra > 0; extra--) chosen.Add(interests[Pick(interestWeights)].Id);
            for (var extra = _random.Next(3); extra > 0; extra--) chosen.Add(audiences[_random.Next(audiences.Count)].Id);
            if (_random.NextDouble() < 0.5) chosen.Add(wheelchair);
            for (var extra = _random.Next(3); extra > 0; extra--) chosen.Add(accessibility[_random.Next(accessibility.Count)].Id);
            assetTerms.AddRange(chosen.Select(t => (id, t)));

            var sessions = _random.NextDouble() < 0.2 ? 2 : 1;
            for (var s = 0; s < sessions; s++) schedules.Add((NextGuid(), id, venueIds.Count > 0 ? venueIds[s % venueIds.Count] : null, NextSchedule()));
            var cost = _random.NextDouble();
            costs.Add(cost < 0.45 ? (NextGuid(), id, CostKind.Free, null, null)
                : cost < 0.7 ? (NextGuid(), id, CostKind.Donation, null, null)
                : (NextGuid(), id, CostKind.Fee, 1m + _random.Next(11) * 0.5m, CostPeriod.Session));

            var place = sector.Code.Split(' ')[0];
            assetRows.Add(new AssetRow(id, organisations[_random.Next(organisations.Length)],
                $"{place} {interest.Name} {kind.Name.ToLowerInvariant()} {i + 1}",
                $"A friendly {interest.Name.ToLowerInvariant()} {kind.Name.ToLowerInvariant()} for local people.",
                $"Synthetic listing {i + 1} for benchmarking: {interest.Name.ToLowerInvariant()} near {sector.Code}. Everyone welcome, no experience needed.",
                kind.Id, _random.NextDouble() switch { < 0.93 => "active", < 0.97 => "temporarily_closed", _ => "closed" },
                Pick(["drop_in", "drop_in", "contact_first", "booking", "referral"]), _random.NextDouble() < 0.7, _random.NextDouble() < 0.9,
                _random.NextDouble() < 0.2 ? Pick([16, 18, 50, 60]) : null,
                remote ? [_random.NextDouble() < 0.5 ? "online" : "phone"] : ["in_person"], Now.AddDays(-_random.Next(730))));
        }
        log($"generated {assets:N0} listings, {venues.Count:N0} venues, {assetTerms.Count:N0} term links, {schedules.Count:N0} schedules");

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await CopyAsync(connection, "directory.organisations (id, name, description, created_at, updated_at)", organisations.Select((id, i) => new object?[]
            { id, $"Synthetic community organisation {i + 1}", "A synthetic organisation for benchmarking.", Now, Now }),
            [NpgsqlDbType.Uuid, NpgsqlDbType.Varchar, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz], ct);
        await CopyAsync(connection, "directory.locations (id, name, address1, town, postcode, point, local_authority_code, created_at, updated_at)",
            venues.Select(v => new object?[] { v.Id, v.Name, v.Address, v.Town, v.Postcode, v.Point, v.LocalAuthorityCode, Now, Now }),
            [NpgsqlDbType.Uuid, NpgsqlDbType.Varchar, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Varchar, NpgsqlDbType.Geography,
             NpgsqlDbType.Text, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz], ct);
        await CopyAsync(connection, "directory.assets (id, organisation_id, name, summary, description, kind_id, status, how_to_join, companions_welcome, "
            + "accepting_new_members, min_age, languages, delivery_modes, last_verified_at, search_text, created_at, updated_at)",
            assetRows.Select(a => new object?[] { a.Id, a.OrganisationId, a.Name, a.Summary, a.Description, a.KindId, a.Status, a.HowToJoin, a.Companions,
                a.Accepting, a.MinAge, new[] { "en" }, a.DeliveryModes, a.VerifiedAt, "", Now, Now }),
            [NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Text, NpgsqlDbType.Uuid, NpgsqlDbType.Varchar,
             NpgsqlDbType.Varchar, NpgsqlDbType.Boolean, NpgsqlDbType.Boolean, NpgsqlDbType.Integer, NpgsqlDbType.Array | NpgsqlDbType.Text,
             NpgsqlDbType.Array | NpgsqlDbType.Text, NpgsqlDbType.TimestampTz, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz], ct);
        await CopyAsync(connection, "directory.asset_locations (id, asset_id, location_id)", links.Select(l => new object?[] { l.Id, l.Asset, l.Location }),
            [NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid], ct);
        await CopyAsync(connection, "directory.asset_terms (asset_id, term_id)", assetTerms.Select(t => new object?[] { t.Asset, t.Term }),
            [NpgsqlDbType.Uuid, NpgsqlDbType.Uuid], ct);
        await CopyAsync(connection, "directory.schedules (id, asset_id, location_id, frequency, day, week_of_month, start_time, end_time, valid_from, rrule, anchor_week)",
            schedules.Select(s => new object?[] { s.Id, s.Asset, s.Location, Snake(s.Schedule.Frequency.ToString()), s.Schedule.Day.ToString().ToLowerInvariant(),
                s.Schedule.WeekOfMonth, s.Schedule.StartTime, s.Schedule.EndTime, s.Schedule.ValidFrom, s.Schedule.Rrule, s.Schedule.AnchorWeek }),
            [NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Integer, NpgsqlDbType.Time,
             NpgsqlDbType.Time, NpgsqlDbType.Date, NpgsqlDbType.Varchar, NpgsqlDbType.Integer], ct);
        await CopyAsync(connection, "directory.asset_costs (id, asset_id, kind, amount, per)",
            costs.Select(c => new object?[] { c.Id, c.Asset, Snake(c.Kind.ToString()), c.Amount, c.Per is { } per ? Snake(per.ToString()) : null }),
            [NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Varchar, NpgsqlDbType.Numeric, NpgsqlDbType.Varchar], ct);
        // Bulk-loaded rows are in the changes feed too, so a copy synced from cursor 0 has them.
        await ExecuteAsync(connection, ChangeBackfill.Sql, ct);
        // The parameters both sides of the benchmark draw from: origins spread like the population, and listings.
        await ExecuteAsync(connection, """
            CREATE SCHEMA IF NOT EXISTS bench;
            DROP TABLE IF EXISTS bench.origins, bench.asset_ids;
            CREATE TABLE bench.origins (n int PRIMARY KEY, latitude double precision NOT NULL, longitude double precision NOT NULL,
                sector text NOT NULL, postcode text NOT NULL);
            CREATE TABLE bench.asset_ids (n int PRIMARY KEY, id uuid NOT NULL);
            """, ct);
        var origins = Enumerable.Range(1, Origins).Select(n =>
        {
            var s = PickSector();
            return new object?[] { n, s.Latitude, s.Longitude, s.Code, $"{s.Code}{(char)('A' + _random.Next(26))}{(char)('A' + _random.Next(26))}" };
        }).ToList();
        await CopyAsync(connection, "bench.origins (n, latitude, longitude, sector, postcode)", origins,
            [NpgsqlDbType.Integer, NpgsqlDbType.Double, NpgsqlDbType.Double, NpgsqlDbType.Text, NpgsqlDbType.Text], ct);
        var active = assetRows.Where(a => a.Status == "active").ToList();
        await CopyAsync(connection, "bench.asset_ids (n, id)",
            Enumerable.Range(1, Origins).Select(n => new object?[] { n, active[_random.Next(active.Count)].Id }),
            [NpgsqlDbType.Integer, NpgsqlDbType.Uuid], ct);
        await tx.CommitAsync(ct);

        log("copied; building the search text");
        await using (var context = new DirectoryDbContext(
            (DbContextOptions<DirectoryDbContext>)DatabaseExtensions.Configure(new DbContextOptionsBuilder<DirectoryDbContext>(), db).Options, TimeProvider.System))
        {
            context.Database.SetCommandTimeout(TimeSpan.FromHours(1));
            await AssetSearchDocument.RefreshAsync(context, null, ct);
        }
        await ExecuteAsync(connection, "ANALYZE", ct);
    }

    private static string Snake(string pascal) => string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private static async Task CopyAsync(NpgsqlConnection connection, string target, IEnumerable<object?[]> rows, NpgsqlDbType[] types, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", ct);
        // Completing a million-row COPY (index builds, constraint checks) takes longer than the default 30 s timeout.
        writer.Timeout = TimeSpan.Zero;
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            for (var i = 0; i < row.Length; i++)
            {
                if (row[i] is null) await writer.WriteNullAsync(ct);
                else await writer.WriteAsync(row[i], types[i], ct);
            }
        }
        await writer.CompleteAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    private static readonly string[] VenueKinds = ["Community Centre", "Library", "Church Hall", "Village Hall", "Park", "Leisure Centre", "Cafe"];
    private static readonly string[] Streets = ["High Street", "Church Lane", "Station Road", "Park Road", "Victoria Street", "Mill Lane"];

    private Schedule NextSchedule()
    {
        var frequency = _random.NextDouble() switch { < 0.65 => ScheduleFrequency.Weekly, < 0.8 => ScheduleFrequency.Fortnightly, _ => ScheduleFrequency.Monthly };
        var day = (Weekday)(_random.NextDouble() < 0.85 ? _random.Next(5) : 5 + _random.Next(2));
        var start = 9 + _random.Next(11);
        return ScheduleRules.Normalise(new Schedule
        {
            Frequency = frequency, Day = day, StartTime = new TimeOnly(start, _random.Next(2) * 30), EndTime = new TimeOnly(Math.Min(23, start + 1 + _random.Next(3)), 0),
            WeekOfMonth = frequency == ScheduleFrequency.Monthly ? Pick([1, 2, 3, 4, -1]) : null,
            ValidFrom = frequency == ScheduleFrequency.Fortnightly ? new DateOnly(2026, 1, 5).AddDays((int)day + 7 * _random.Next(2)) : null,
        });
    }

    private async Task<Dictionary<string, List<Term>>> TermsAsync(CancellationToken ct)
    {
        var terms = new Dictionary<string, List<Term>>();
        await using var command = db.CreateCommand(
            "SELECT v.code, t.id, t.code, t.name FROM directory.taxonomy_terms t JOIN directory.vocabularies v ON v.id = t.vocabulary_id ORDER BY v.code, t.path");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var vocabulary = reader.GetString(0);
            if (!terms.TryGetValue(vocabulary, out var list)) terms[vocabulary] = list = [];
            list.Add(new Term(reader.GetGuid(1), reader.GetString(2), reader.GetString(3)));
        }
        if (!terms.ContainsKey("interests")) throw new InvalidOperationException("the taxonomies are not loaded: run the service's seed command first");
        return terms;
    }

    private Sector PickSector() => sectors[Pick(_cumulative)];

    private int Pick(double[] cumulative)
    {
        var x = _random.NextDouble() * cumulative[^1];
        var i = Array.BinarySearch(cumulative, x);
        return Math.Min(i < 0 ? ~i : i, cumulative.Length - 1);
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private (double Lat, double Lon) Jitter(Sector s, double sdMetres)
    {
        // Box-Muller: a normal offset of about sdMetres around the sector centroid.
        var r = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * sdMetres;
        var theta = 2 * Math.PI * _random.NextDouble();
        var lat = s.Latitude + r * Math.Cos(theta) / 111_195.0;
        var lon = s.Longitude + r * Math.Sin(theta) / (111_195.0 * Math.Cos(s.Latitude * Math.PI / 180));
        return (lat, lon);
    }

    private Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 layout, deterministic from the seed
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static double[] Cumulative(IReadOnlyList<Sector> sectors) => Cumulative(sectors.Select(s => (double)s.Postcodes).ToArray());

    private static double[] Cumulative(double[] weights)
    {
        var cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++) cumulative[i] = sum += weights[i];
        return cumulative;
    }
}
