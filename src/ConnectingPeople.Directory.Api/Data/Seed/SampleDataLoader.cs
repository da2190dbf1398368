using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Postcodes;
using ConnectingPeople.Directory.Api.Features.Search;
using ConnectingPeople.Directory.Api.Features.Schedules;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Location = ConnectingPeople.Directory.Api.Data.Entities.Location;

namespace ConnectingPeople.Directory.Api.Data.Seed;

/// <summary>
/// Loads the fictional sample listings in seed-data/sample. Records whose id already exists are left alone, so a
/// second run changes nothing and a curator's edits to a sample listing survive a restart.
/// </summary>
public sealed partial class SampleDataLoader(DirectoryDbContext db, ILogger<SampleDataLoader> logger)
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false), new TimeOfDayJsonConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    public async Task LoadAsync(string dataDirectory, CancellationToken ct)
    {
        var folder = Path.Combine(dataDirectory, "sample");
        var organisations = (await ReadAsync<OrganisationsFile>(Path.Combine(folder, "organisations.json"), ct)).Organisations;
        var venues = (await ReadAsync<VenuesFile>(Path.Combine(folder, "venues.json"), ct)).Venues;
        var assets = (await ReadAsync<AssetsFile>(Path.Combine(folder, "assets.json"), ct)).Assets;

        var knownOrganisations = await db.Organisations.IgnoreQueryFilters().Select(o => o.Id).ToHashSetAsync(ct);
        foreach (var o in organisations.Where(o => !knownOrganisations.Contains(o.Id)))
        {
            db.Organisations.Add(new Organisation
            {
                Id = o.Id, Name = o.Name, Description = o.Description, Website = o.Website, Email = o.Email, Phone = o.Phone,
            });
        }

        var knownLocations = await db.Locations.IgnoreQueryFilters().Select(l => l.Id).ToHashSetAsync(ct);
        var lookup = new PostcodeLookup(db);
        foreach (var v in venues.Where(v => !knownLocations.Contains(v.Id)))
        {
            db.Locations.Add(await ToLocationAsync(v, lookup, ct));
        }

        var terms = await db.TaxonomyTerms.AsNoTracking()
            .Select(t => new { t.Id, t.Code, Vocabulary = t.Vocabulary.Code })
            .ToDictionaryAsync(t => (t.Vocabulary, t.Code), t => t.Id, ct);
        Guid Term(string vocabulary, string code, Guid assetId) => terms.TryGetValue((vocabulary, code), out var id)
            ? id
            : throw new InvalidDataException($"Sample asset {assetId} uses '{code}', which is not a term in the {vocabulary} vocabulary.");

        var knownAssets = await db.Assets.IgnoreQueryFilters().Select(a => a.Id).ToHashSetAsync(ct);
        var added = 0;
        foreach (var a in assets.Where(a => !knownAssets.Contains(a.Id)))
        {
            var asset = new Asset
            {
                Id = a.Id, OrganisationId = a.OrganisationId, Name = a.Name, Summary = a.Summary, Description = a.Description,
                KindId = Term("kinds", a.Kind, a.Id), Status = a.Status, HowToJoin = a.HowToJoin, NewcomerInfo = a.NewcomerInfo,
                CompanionsWelcome = a.CompanionsWelcome, AcceptingNewMembers = a.AcceptingNewMembers,
                MinAge = a.MinAge, MaxAge = a.MaxAge, Languages = a.Languages, DeliveryModes = a.DeliveryModes,
                Website = a.Website, LastVerifiedAt = a.LastVerifiedAt?.ToDateTime(new TimeOnly(12, 0)) is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null,
                VerificationMethod = a.VerificationMethod,
                Terms =
                [
                    .. a.Interests.Select(c => new AssetTerm { TermId = Term("interests", c, a.Id) }),
                    .. a.Audiences.Select(c => new AssetTerm { TermId = Term("audiences", c, a.Id) }),
                    .. a.Accessibility.Select(c => new AssetTerm { TermId = Term("accessibility", c, a.Id) }),
                ],
                Costs = [.. a.Costs.Select(c => new AssetCost { Kind = c.Kind, Amount = c.Amount, Per = c.Per, Description = c.Description })],
                Contacts = [.. a.Contacts.Select(c => new AssetContact { Name = c.Name, Role = c.Role, Email = c.Email, Phone = c.Phone })],
                Locations = [.. a.VenueIds.Select(v => new AssetLocation { Id = Guid.CreateVersion7(), LocationId = v })],
                ServiceAreas = [.. (a.ServiceAreas ?? []).Select(s => new ServiceArea { Name = s.Name, AreaCode = s.AreaCode })],
                Schedules = [.. a.Schedules.Select(ToSchedule)],
            };
            db.Assets.Add(asset);
            added++;
        }
        await db.SaveChangesAsync(ct);
        await AssetSearchDocument.RefreshAsync(db, [.. assets.Where(a => !knownAssets.Contains(a.Id)).Select(a => a.Id)], ct);
        LogLoaded(logger, added, assets.Count);
    }

    private static Schedule ToSchedule(ScheduleJson s)
    {
        return ScheduleRules.Normalise(new Schedule
        {
            LocationId = s.VenueId, Frequency = s.Frequency, Day = s.Day, WeekOfMonth = s.WeekOfMonth,
            StartTime = s.Start, EndTime = s.End, ValidFrom = s.ValidFrom, ValidUntil = s.ValidUntil, Notes = s.Notes,
        });
    }

    private static async Task<Location> ToLocationAsync(VenueJson v, PostcodeLookup lookup, CancellationToken ct)
    {
        if (!PostcodeFormat.TryParse(v.Postcode, out var postcode) || postcode.Level != PostcodeLevel.Postcode)
            throw new InvalidDataException($"Sample venue {v.Id} has a malformed postcode '{v.Postcode}'.");
        var resolved = await lookup.ResolveAsync(postcode, ct)
            ?? throw new InvalidDataException($"Sample venue {v.Id}: postcode {v.Postcode} is not in the postcode tables.");
        var point = v.Latitude is { } lat && v.Longitude is { } lon ? Wgs84.CreatePoint(new Coordinate(lon, lat)) : resolved.Point;
        return new Location
        {
            Id = v.Id, Name = v.Name, Address1 = v.Address1, Address2 = v.Address2, Town = v.Town,
            Postcode = postcode.Code, Point = point, LocalAuthorityCode = resolved.LocalAuthorityCode, WardCode = resolved.WardCode,
        };
    }

    private static async Task<T> ReadAsync<T>(string file, CancellationToken ct)
    {
        await using var stream = File.OpenRead(file);
        return await JsonSerializer.DeserializeAsync<T>(stream, Json, ct) ?? throw new InvalidDataException($"{file} is empty");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample data: added {Added} of {Total} listings")]
    private static partial void LogLoaded(ILogger logger, int added, int total);

    private sealed record OrganisationsFile(List<OrganisationJson> Organisations);
    private sealed record OrganisationJson(Guid Id, string Name, string? Description, string? Website, string? Email, string? Phone);
    private sealed record VenuesFile(List<VenueJson> Venues);
    private sealed record VenueJson(Guid Id, string Name, [property: JsonPropertyName("address_1")] string? Address1, [property: JsonPropertyName("address_2")] string? Address2, string? Town, string Postcode, double? Latitude, double? Longitude);
    private sealed record AssetsFile(List<AssetJson> Assets);
    private sealed record AssetJson(
        Guid Id, Guid OrganisationId, string Name, string? Summary, string? Description, string Kind, AssetStatus Status, HowToJoin HowToJoin,
        string? NewcomerInfo, bool CompanionsWelcome, bool AcceptingNewMembers, int? MinAge, int? MaxAge,
        string[] Audiences, string[] Accessibility, string[] Languages, string[] DeliveryModes, string[] Interests,
        List<CostJson> Costs, List<ContactJson> Contacts, string? Website, DateOnly? LastVerifiedAt, VerificationMethod? VerificationMethod,
        Guid[] VenueIds, List<ServiceAreaJson>? ServiceAreas, List<ScheduleJson> Schedules);
    private sealed record CostJson(CostKind Kind, decimal? Amount, CostPeriod? Per, string? Description);
    private sealed record ContactJson(string? Name, string? Role, string? Email, string? Phone);
    private sealed record ServiceAreaJson(string Name, string AreaCode);
    private sealed record ScheduleJson(Guid? VenueId, ScheduleFrequency Frequency, Weekday Day, int? WeekOfMonth, TimeOnly Start, TimeOnly End,
        DateOnly? ValidFrom, DateOnly? ValidUntil, string? Notes);
}
