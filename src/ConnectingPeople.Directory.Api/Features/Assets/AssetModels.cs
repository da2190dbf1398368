using System.Text.Json.Serialization;
using ConnectingPeople.Directory.Api.Data.Entities;

namespace ConnectingPeople.Directory.Api.Features.Assets;

public sealed record TermRef(string Code, string Name);

public sealed record OrganisationRef(Guid Id, string Name);

public sealed record AssetSummary(
    Guid Id, string Name, string? Summary, AssetStatus Status, OrganisationRef Organisation, TermRef? Kind,
    DateTimeOffset? LastVerifiedAt, DateTimeOffset UpdatedAt, string Link);

public sealed record LocationView(
    Guid Id, string Name, [property: JsonPropertyName("address_1")] string? Address1, [property: JsonPropertyName("address_2")] string? Address2, string? Town, string Postcode, double Latitude, double Longitude,
    string? LocalAuthorityCode);

public sealed record ScheduleView(
    Guid Id, Guid? LocationId, ScheduleFrequency Frequency, Weekday Day, int? WeekOfMonth, TimeOnly StartTime, TimeOnly EndTime,
    DateOnly? ValidFrom, DateOnly? ValidUntil, string Rrule, string Summary, string? Notes);

public sealed record CostView(CostKind Kind, decimal? Amount, CostPeriod? Per, string? Description);

public sealed record ContactView(string? Name, string? Role, string? Email, string? Phone);

public sealed record ServiceAreaView(string Name, string AreaCode, string AreaName);

public sealed record AssetDetail(
    Guid Id, string Name, string? Summary, string? Description, TermRef? Kind, AssetStatus Status, HowToJoin HowToJoin,
    string? NewcomerInfo, bool CompanionsWelcome, bool AcceptingNewMembers, int? MinAge, int? MaxAge,
    string[] Languages, string[] DeliveryModes, OrganisationRef Organisation, string? Website,
    IReadOnlyList<ContactView> Contacts, IReadOnlyList<CostView> Costs, bool IsFree, string CostSummary,
    IReadOnlyList<TermRef> Audiences, IReadOnlyList<TermRef> Accessibility, IReadOnlyList<TermRef> Interests,
    IReadOnlyList<LocationView> Locations, IReadOnlyList<ServiceAreaView> ServiceAreas, IReadOnlyList<ScheduleView> Schedules,
    DateTimeOffset? LastVerifiedAt, VerificationMethod? VerificationMethod, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
