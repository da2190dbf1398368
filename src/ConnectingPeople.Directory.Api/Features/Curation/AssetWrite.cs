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
    /// <summary>The id of the organisation that runs it (required).</summary>
    public Guid? OrganisationId { get; init; }
    /// <summary>The listing's name (required).</summary>
    public string? Name { get; init; }
    /// <summary>One or two sentences about it.</summary>
    public string? Summary { get; init; }
    /// <summary>A longer description.</summary>
    public string? Description { get; init; }
    /// <summary>A kinds term code (GET /api/v1/taxonomies/kinds/terms), e.g. group.</summary>
    public string? Kind { get; init; }
    /// <summary>Whether it is running; default active.</summary>
    public AssetStatus Status { get; init; } = AssetStatus.Active;
    /// <summary>How a newcomer joins; default drop_in.</summary>
    public HowToJoin HowToJoin { get; init; } = HowToJoin.DropIn;
    /// <summary>What to expect the first time.</summary>
    public string? NewcomerInfo { get; init; }
    /// <summary>true: a newcomer may bring a friend or carer; default false.</summary>
    public bool CompanionsWelcome { get; init; }
    /// <summary>false while it is full; default true.</summary>
    public bool AcceptingNewMembers { get; init; } = true;
    /// <summary>The youngest age in years it is for; omit for no lower limit.</summary>
    public int? MinAge { get; init; }
    /// <summary>The oldest age in years it is for; omit for no upper limit.</summary>
    public int? MaxAge { get; init; }
    /// <summary>Language codes it is run in (en, cy, bsl...); default ["en"].</summary>
    public string[] Languages { get; init; } = ["en"];
    /// <summary>in_person, online and/or phone; default ["in_person"]. in_person needs a venue or a service area.</summary>
    public string[] DeliveryModes { get; init; } = [Data.Entities.DeliveryModes.InPerson];
    /// <summary>Its website (http or https URL).</summary>
    public string? Website { get; init; }
    /// <summary>Your own id for the listing, unique within its organisation: imports match rows by it.</summary>
    public string? ExternalId { get; init; }
    /// <summary>Interest term codes (GET /api/v1/taxonomies/interests/terms).</summary>
    public string[] Interests { get; init; } = [];
    /// <summary>Audience term codes (GET /api/v1/taxonomies/audiences/terms).</summary>
    public string[] Audiences { get; init; } = [];
    /// <summary>Accessibility term codes (GET /api/v1/taxonomies/accessibility/terms).</summary>
    public string[] Accessibility { get; init; } = [];
    /// <summary>What it costs; empty when not known.</summary>
    public CostWrite[] Costs { get; init; } = [];
    /// <summary>Whom to contact (an organiser's role, never a person signposted).</summary>
    public ContactWrite[] Contacts { get; init; } = [];
    /// <summary>Where it meets: existing locations by id or new ones by address.</summary>
    public VenueWrite[] Venues { get; init; } = [];
    /// <summary>The areas it covers when it has no fixed venue.</summary>
    public ServiceAreaWrite[] ServiceAreas { get; init; } = [];
    /// <summary>When it meets.</summary>
    public ScheduleWrite[] Schedules { get; init; } = [];
}

/// <summary>One cost of going.</summary>
/// <param name="Kind">free, fee or donation.</param>
/// <param name="Amount">The amount in pounds (a fee needs one).</param>
/// <param name="Per">What the amount is per (with an amount).</param>
/// <param name="Description">Anything more about the cost, e.g. concessions.</param>
public sealed record CostWrite(CostKind Kind, decimal? Amount = null, CostPeriod? Per = null, string? Description = null);

/// <summary>Whom to contact about a listing.</summary>
/// <param name="Name">The contact's name.</param>
/// <param name="Role">The contact's role, e.g. Group leader.</param>
/// <param name="Email">An email address.</param>
/// <param name="Phone">A UK phone number.</param>
public sealed record ContactWrite(string? Name = null, string? Role = null, string? Email = null, string? Phone = null);

public sealed record VenueWrite
{
    /// <summary>An existing venue's id; the other fields are then left out.</summary>
    public Guid? LocationId { get; init; }
    /// <summary>A new venue's name.</summary>
    public string? Name { get; init; }
    /// <summary>A new venue's first address line.</summary>
    [JsonPropertyName("address_1")] public string? Address1 { get; init; }
    /// <summary>A new venue's second address line.</summary>
    [JsonPropertyName("address_2")] public string? Address2 { get; init; }
    /// <summary>A new venue's town.</summary>
    public string? Town { get; init; }
    /// <summary>A new venue's postcode (it must exist in the ONS postcode table).</summary>
    public string? Postcode { get; init; }
    /// <summary>WGS84 latitude, with longitude; default the postcode's centroid.</summary>
    public double? Latitude { get; init; }
    /// <summary>WGS84 longitude, with latitude; default the postcode's centroid.</summary>
    public double? Longitude { get; init; }
}

/// <summary>An area an area-wide listing covers.</summary>
/// <param name="AreaCode">A local authority or ward GSS code, e.g. E08000019.</param>
/// <param name="Name">Your name for the area; default its official name.</param>
public sealed record ServiceAreaWrite(string AreaCode, string? Name = null);

public sealed record ScheduleWrite
{
    /// <summary>Position of the venue in the listing's venues (from 0), or null for sessions not tied to one.</summary>
    public int? Venue { get; init; }
    /// <summary>How often it repeats.</summary>
    public ScheduleFrequency Frequency { get; init; }
    /// <summary>The day of the week it falls on.</summary>
    public Weekday Day { get; init; }
    /// <summary>Monthly only: which week of the month (1 to 5, or -1 for the last).</summary>
    public int? WeekOfMonth { get; init; }
    /// <summary>Local start time, HH:MM (Europe/London).</summary>
    public TimeOnly Start { get; init; }
    /// <summary>Local end time, HH:MM, after the start.</summary>
    public TimeOnly End { get; init; }
    /// <summary>The first date it applies (YYYY-MM-DD), when limited.</summary>
    public DateOnly? ValidFrom { get; init; }
    /// <summary>The last date it applies (YYYY-MM-DD), when limited.</summary>
    public DateOnly? ValidUntil { get; init; }
    /// <summary>Notes for people, e.g. not in August.</summary>
    public string? Notes { get; init; }
}

/// <summary>A curator's confirmation that a listing is running as described.</summary>
/// <param name="Method">How it was verified.</param>
/// <param name="Note">What was checked, for the history.</param>
/// <param name="VerifiedAt">When it was verified, not in the future; default now.</param>
public sealed record VerifyRequest(VerificationMethod Method, string? Note = null, DateTimeOffset? VerifiedAt = null);
