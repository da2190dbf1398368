using System.Text.Json.Serialization;
using ConnectingPeople.Directory.Api.Data.Entities;

namespace ConnectingPeople.Directory.Api.Features.Curation;

/// <summary>
/// A listing as a curator writes it (POST and PUT; PATCH merges into this shape). Taxonomy terms are codes; venues are
/// existing locations by id or new ones by address (placed at their postcode unless coordinates are given);
/// a schedule names its venue by position in <see cref="Venues"/>.
/// </summary>
public sealed record AssetWrite
{
    public Guid? OrganisationId { get; init; }
    public string? Name { get; init; }
    public string? Summary { get; init; }
    public string? Description { get; init; }
    public string? Kind { get; init; }
    public AssetStatus Status { get; init; } = AssetStatus.Active;
    public HowToJoin HowToJoin { get; init; } = HowToJoin.DropIn;
    public string? NewcomerInfo { get; init; }
    public bool CompanionsWelcome { get; init; }
    public bool AcceptingNewMembers { get; init; } = true;
    public int? MinAge { get; init; }
    public int? MaxAge { get; init; }
    public string[] Languages { get; init; } = ["en"];
    public string[] DeliveryModes { get; init; } = [Data.Entities.DeliveryModes.InPerson];
    public string? Website { get; init; }
    public string? ExternalId { get; init; }
    public string[] Interests { get; init; } = [];
    public string[] Audiences { get; init; } = [];
    public string[] Accessibility { get; init; } = [];
    public CostWrite[] Costs { get; init; } = [];
    public ContactWrite[] Contacts { get; init; } = [];
    public VenueWrite[] Venues { get; init; } = [];
    public ServiceAreaWrite[] ServiceAreas { get; init; } = [];
    public ScheduleWrite[] Schedules { get; init; } = [];
}

public sealed record CostWrite(CostKind Kind, decimal? Amount = null, CostPeriod? Per = null, string? Description = null);

public sealed record ContactWrite(string? Name = null, string? Role = null, string? Email = null, string? Phone = null);

public sealed record VenueWrite
{
    public Guid? LocationId { get; init; }
    public string? Name { get; init; }
    [JsonPropertyName("address_1")] public string? Address1 { get; init; }
    [JsonPropertyName("address_2")] public string? Address2 { get; init; }
    public string? Town { get; init; }
    public string? Postcode { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
}

public sealed record ServiceAreaWrite(string AreaCode, string? Name = null);

public sealed record ScheduleWrite
{
    /// <summary>Position of the venue in the listing's venues (from 0), or null for sessions not tied to one.</summary>
    public int? Venue { get; init; }
    public ScheduleFrequency Frequency { get; init; }
    public Weekday Day { get; init; }
    public int? WeekOfMonth { get; init; }
    public TimeOnly Start { get; init; }
    public TimeOnly End { get; init; }
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidUntil { get; init; }
    public string? Notes { get; init; }
}

public sealed record VerifyRequest(VerificationMethod Method, string? Note = null, DateTimeOffset? VerifiedAt = null);
