using System.Globalization;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Schedules;
using ConnectingPeople.Directory.Api.Tests.Features.Schedules;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using CsCheck;
using static ConnectingPeople.Directory.Api.Tests.Infrastructure.AssetBuilder;

namespace ConnectingPeople.Directory.Api.Tests.Features.Search;

/// <summary>For random listings and random searches, the endpoint returns exactly what a brute-force oracle finds.</summary>
public sealed class SearchOracleTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private static readonly string[] InterestPool = ["walking", "health_walks", "gardening", "choir", "knitting"];
    private static readonly Dictionary<string, string[]> Below = new()
    {
        ["walking"] = ["walking", "health_walks"], ["health_walks"] = ["health_walks"], ["gardening"] = ["gardening"],
        ["choir"] = ["choir"], ["knitting"] = ["knitting"],
    };

    private sealed record Spec(
        string Name, (double North, double East)[] Venues, string[] Interests, bool Free, bool Wheelchair, int? MinAge, int? MaxAge,
        AssetStatus Status, Weekday Day, int StartHour);

    private sealed record Query(double RadiusKm, string[] Interests, bool Free, bool Wheelchair, int? Age, Weekday? Day, bool Morning);

    private static readonly Gen<Spec> Specs = Gen.Select(
        Gen.Select(Gen.Double[-10_000, 10_000], Gen.Double[-10_000, 10_000]).Array[1, 3],
        Gen.OneOfConst(InterestPool).HashSet[0, 2], Gen.Bool, Gen.Bool,
        Gen.Select(Gen.Int[0, 80].Nullable(), Gen.Int[20, 100].Nullable()),
        Gen.Int[0, 5].Select(i => i < 4 ? AssetStatus.Active : i == 4 ? AssetStatus.TemporarilyClosed : AssetStatus.Closed),
        Gen.Select(Gen.Enum<Weekday>(), Gen.Int[7, 20]),
        (venues, interests, free, wheelchair, ages, status, session) =>
            new Spec("", venues, [.. interests], free, wheelchair, ages.Item1, ages.Item2, status, session.Item1, session.Item2));

    // Each filter is in one query in four, so most queries have room for listings to match and differ.
    private static readonly Gen<bool> Sometimes = Gen.Int[0, 3].Select(i => i == 0);

    private static readonly Gen<Query> Queries = Gen.Select(
        Gen.Double[0.5, 15], Gen.OneOfConst(InterestPool).HashSet[0, 2], Sometimes, Sometimes,
        Gen.Select(Sometimes, Gen.Int[0, 100]).Select((on, age) => on ? age : (int?)null),
        Gen.Select(Sometimes, Gen.Enum<Weekday>()).Select((on, day) => on ? day : (Weekday?)null), Sometimes,
        (radius, interests, free, wheelchair, age, day, morning) => new Query(radius, [.. interests], free, wheelchair, age, day, morning));

    private static bool Matches(Spec a, Query q) =>
        a.Status == AssetStatus.Active
        && (q.Interests.Length == 0 || q.Interests.Any(i => a.Interests.Intersect(Below[i]).Any()))
        && (!q.Free || a.Free)
        && (!q.Wheelchair || a.Wheelchair)
        && (q.Age is not { } age || ((a.MinAge is null || a.MinAge <= age) && (a.MaxAge is null || a.MaxAge >= age)))
        && (q.Day is not { } day || a.Day == day)
        && (!q.Morning || a.StartHour < 12);

    [Fact]
    public void Search_returns_exactly_the_listings_a_brute_force_oracle_finds_nearest_first()
    {
        Gen.Select(Specs.Array[5, 25], Queries).Sample((specs, query) =>
        {
            var origin = Places.NewSpot();
            var saved = new List<(Guid Id, Spec Spec, double Distance)>();
            foreach (var spec in specs)
            {
                var builder = AnAsset().WithStatus(spec.Status).Meeting(spec.Day, spec.StartHour, spec.StartHour + 1)
                    .About(spec.Interests).Costing(spec.Free ? CostKind.Free : CostKind.Fee, spec.Free ? null : 3m, CostPeriod.Session)
                    .Aged(spec.MinAge, spec.MaxAge);
                if (spec.Wheelchair) builder.Accessible("wheelchair");
                foreach (var (north, east) in spec.Venues) builder.At(origin.Offset(north, east));
                var asset = builder.SaveAsync(app).GetAwaiter().GetResult();
                var distance = spec.Venues.Select(v => origin.Offset(v.North, v.East))
                    .Min(p => Places.HaversineMetres(origin.Latitude, origin.Longitude, p.Latitude, p.Longitude));
                saved.Add((asset.Id, spec, distance));
            }

            var radius = query.RadiusKm * 1000;
            var parameters = new List<string> { $"radius_km={query.RadiusKm.ToString(CultureInfo.InvariantCulture)}", "per_page=100" };
            if (query.Interests.Length > 0) parameters.Add("interests=" + string.Join(",", query.Interests));
            if (query.Free) parameters.Add("free=true");
            if (query.Wheelchair) parameters.Add("accessibility=wheelchair");
            if (query.Age is { } age) parameters.Add($"age={age}");
            if (query.Day is { } day) parameters.Add($"day={day.ToString().ToLowerInvariant()}");
            if (query.Morning) parameters.Add("time=morning");
            var page = app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, string.Join("&", parameters))).GetAwaiter().GetResult();
            var results = page.GetProperty("contents").EnumerateArray()
                .Select(r => (Id: r.GetProperty("id").GetGuid(), Distance: r.GetProperty("distance_m").GetDouble())).ToList();

            // Spheroid and sphere differ by under 0.5%: a listing that close to the edge may fall either side.
            bool OnTheEdge(double d) => Math.Abs(d - radius) <= radius * 0.005;
            var expected = saved.Where(s => Matches(s.Spec, query) && s.Distance <= radius && !OnTheEdge(s.Distance)).Select(s => s.Id).ToHashSet();
            var returned = results.Where(r => !OnTheEdge(saved.Single(s => s.Id == r.Id).Distance)).Select(r => r.Id).ToHashSet();
            var byId = saved.ToDictionary(s => s.Id);

            return expected.SetEquals(returned)
                && results.All(r => Matches(byId[r.Id].Spec, query))
                && results.All(r => Math.Abs(r.Distance - byId[r.Id].Distance) <= byId[r.Id].Distance * 0.005 + 0.1)
                && results.Zip(results.Skip(1)).All(pair => pair.First.Distance <= pair.Second.Distance);
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Walking_the_pages_sorted_by_distance_gives_every_listing_once_nearest_first_with_names_breaking_ties()
    {
        // Four venue spots at clearly different distances, shared by many listings, so most distances tie and the page
        // boundaries fall inside runs of ties. Names come from a small pool (with case differences) so they tie too.
        (double North, double East)[] spots = [(100, 0), (0, 400), (-900, 0), (0, -1500)];
        string[] names = ["Alpha", "alpha walk", "Beta", "Choir", "choir", "Zeta"];
        var listing = Gen.Select(Gen.Int[0, spots.Length - 1].HashSet[1, 2], Gen.OneOfConst(names));
        Gen.Select(listing.Array[6, 24], Gen.Int[1, 5]).Sample((listings, perPage) =>
        {
            var origin = Places.NewSpot();
            var saved = new List<(Guid Id, string Name, double Distance)>();
            foreach (var (spotIndexes, name) in listings)
            {
                var builder = AnAsset(name);
                foreach (var i in spotIndexes) builder.At(origin.Offset(spots[i].North, spots[i].East, $"Spot {i}"));
                var asset = builder.SaveAsync(app).GetAwaiter().GetResult();
                saved.Add((asset.Id, name, spotIndexes.Min(i => Math.Abs(spots[i].North) + Math.Abs(spots[i].East))));
            }
            var expected = saved.OrderBy(s => s.Distance).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Id)
                .Select(s => s.Id).ToList();

            var walked = new List<Guid>();
            var totals = new HashSet<int>();
            for (var number = 1; number <= (expected.Count + perPage - 1) / perPage; number++)
            {
                var page = app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, $"radius_km=3&per_page={perPage}&page={number}")).GetAwaiter().GetResult();
                totals.Add(page.GetProperty("total_items").GetInt32());
                walked.AddRange(page.Ids());
            }

            return walked.SequenceEqual(expected) && totals.SetEquals([expected.Count]);
        }, iter: 30, threads: 1);
    }

    [Fact]
    public void On_a_date_returns_exactly_the_listings_whose_schedules_meet_that_day()
    {
        Gen.Select(ScheduleExpanderTests.Schedules.Array[4, 8], Gen.Int[0, 900]).Sample((schedules, offset) =>
        {
            var origin = Places.NewSpot();
            var date = new DateOnly(2026, 1, 1).AddDays(offset);
            var expected = new HashSet<Guid>();
            foreach (var schedule in schedules)
            {
                var asset = AnAsset().At(origin).With(a => a.Schedules.Add(schedule)).SaveAsync(app).GetAwaiter().GetResult();
                if (ScheduleExpanderTests.NaiveOccursOn(schedule, date)) expected.Add(asset.Id);
            }

            var page = app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, $"radius_km=1&per_page=100&on={date:yyyy-MM-dd}")).GetAwaiter().GetResult();

            // A next session, when there is one, is on the date asked for and never on another.
            var nextDays = page.GetProperty("contents").EnumerateArray().Select(r => r.GetProperty("next_session"))
                .Where(n => n.ValueKind == JsonValueKind.Object)
                .Select(n => ScheduleExpander.LocalDate(n.GetProperty("start").GetDateTimeOffset()));
            return expected.SetEquals(page.Ids()) && nextDays.All(d => d == date);
        }, iter: 25, threads: 1);
    }

    // Words that are their own stems, share no near spelling with each other or the filler, and three of which are
    // interest names (so the interests field is exercised too).
    private static readonly string[] Words = ["pottery", "chess", "ukulele", "origami", "quoits"];
    private static readonly HashSet<string> InterestWords = ["pottery", "chess", "ukulele"];

    private sealed record Listing(string[] Name, string[] Interests, string[] Summary, string[] Description, string[] Organisation, double North, double East);

    /// <summary>The documented formula (README, "How results are ranked"), written again from the words, not from the service's code.</summary>
    private static (int Own, double Score) Oracle(Listing l, string[] q, double distanceMetres)
    {
        var own = 0;
        var score = 0.0;
        foreach (var word in q)
        {
            (string[] Field, double Weight)[] fields = [(l.Name, 8), (l.Interests, 8), (l.Summary, 4), (l.Description, 2), (l.Organisation, 1)];
            var matched = fields.Where(f => f.Field.Contains(word)).ToList();
            if (matched.Count == 0) return (-1, 0);
            score += matched.Max(f => f.Weight);
            if (matched.Any(f => f.Weight > 1)) own++;
        }
        return (own, score * Math.Pow(0.5, distanceMetres / 2000));
    }

    [Fact]
    public void Words_rank_exactly_as_the_documented_relevance_formula_orders_them()
    {
        var words = Gen.OneOfConst(Words).HashSet[0, 2].Select(h => h.ToArray());
        var listings = Gen.Select(words, Gen.OneOfConst([.. InterestWords]).HashSet[0, 1].Select(h => h.ToArray()), words, words, words,
            Gen.Select(Gen.Double[-6_000, 6_000], Gen.Double[-6_000, 6_000]),
            (name, interests, summary, description, organisation, at) => new Listing(name, interests, summary, description, organisation, at.Item1, at.Item2));
        Gen.Select(listings.Array[4, 16], Gen.OneOfConst(Words).HashSet[1, 2].Select(h => h.ToArray())).Sample((specs, q) =>
        {
            var origin = Places.NewSpot();
            var saved = new Dictionary<Guid, Listing>();
            foreach (var spec in specs)
            {
                var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = string.Join(" ", ["Friends", .. spec.Organisation]) };
                var asset = AnAsset(string.Join(" ", [.. spec.Name, "circle"])).At(origin.Offset(spec.North, spec.East)).About(spec.Interests)
                    .OwnedBy(organisation)
                    .With(a => { a.Summary = spec.Summary.Length == 0 ? null : string.Join(" ", spec.Summary); a.Description = spec.Description.Length == 0 ? null : string.Join(" ", spec.Description); })
                    .SaveAsync(app).GetAwaiter().GetResult();
                saved[asset.Id] = spec;
            }

            var page = app.GetJsonAsync<JsonElement>(SearchClient.Near(origin, $"radius_km=10&per_page=100&q={string.Join("%20", q)}")).GetAwaiter().GetResult();
            var results = page.GetProperty("contents").EnumerateArray()
                .Select(r => (Id: r.GetProperty("id").GetGuid(), Distance: r.GetProperty("distance_m").GetDouble())).ToList();
            var keys = results.Select(r => Oracle(saved[r.Id], q, r.Distance)).ToList();
            var expected = saved.Where(s => Oracle(s.Value, q, 0).Own >= 0).Select(s => s.Key).ToHashSet();

            // Returned distances are rounded to 0.1 m, so scores within a hair of each other may come either way.
            bool InOrder((int Own, double Score) a, (int Own, double Score) b) => a.Own > b.Own || (a.Own == b.Own && a.Score >= b.Score * (1 - 1e-6));
            return expected.SetEquals(results.Select(r => r.Id)) && keys.Zip(keys.Skip(1)).All(pair => InOrder(pair.First, pair.Second));
        }, iter: 40, threads: 1);
    }
}
