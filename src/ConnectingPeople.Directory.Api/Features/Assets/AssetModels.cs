using System.Text.Json.Serialization;
using ConnectingPeople.Directory.Api.Data.Entities;

namespace ConnectingPeople.Directory.Api.Features.Assets;

/// <summary>A vocabulary term, by code and name.</summary>
/// <param name="Code">The term's code, as the search filters take it (e.g. walking).</param>
/// <param name="Name">The term's name, for people.</param>
public sealed record TermRef(string Code, string Name);

/// <summary>The organisation that runs a listing.</summary>
/// <param name="Id">The organisation's id (GET /api/v1/organisations/{id}).</param>
/// <param name="Name">The organisation's name.</param>
public sealed record OrganisationRef(Guid Id, string Name);

/// <summary>A listing in a list.</summary>
/// <param name="Id">The listing's id.</param>
/// <param name="Name">The listing's name.</param>
/// <param name="Summary">One or two sentences about it, when written.</param>
/// <param name="Status">Whether it is running.</param>
/// <param name="Organisation">The organisation that runs it.</param>
/// <param name="Kind">What kind of thing it is (group, class, walk...), when classified.</param>
/// <param name="LastVerifiedAt">When a curator last confirmed it is running as described; null if never.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Link">The relative URL of the listing in full.</param>
public sealed record AssetSummary(
    Guid Id, string Name, string? Summary, AssetStatus Status, OrganisationRef Organisation, TermRef? Kind,
    DateTimeOffset? LastVerifiedAt, DateTimeOffset UpdatedAt, string Link);

/// <summary>A venue where a listing meets.</summary>
/// <param name="Id">The venue's id (GET /api/v1/locations/{id}).</param>
/// <param name="Name">The venue's name.</param>
/// <param name="Address1">The first address line, when recorded.</param>
/// <param name="Address2">The second address line, when recorded.</param>
/// <param name="Town">The town, when recorded.</param>
/// <param name="Postcode">The postcode.</param>
/// <param name="Latitude">WGS84 latitude.</param>
/// <param name="Longitude">WGS84 longitude.</param>
/// <param name="LocalAuthorityCode">The GSS code of the local authority the venue is in, when known.</param>
public sealed record LocationView(
    Guid Id, string Name, [property: JsonPropertyName("address_1")] string? Address1, [property: JsonPropertyName("address_2")] string? Address2, string? Town, string Postcode, double Latitude, double Longitude,
    string? LocalAuthorityCode);

/// <summary>When a listing meets.</summary>
/// <param name="Id">The schedule's id.</param>
/// <param name="LocationId">The venue it meets at; null when it is not at a venue (online, phone).</param>
/// <param name="Frequency">How often it repeats.</param>
/// <param name="Day">The day of the week it falls on.</param>
/// <param name="WeekOfMonth">For monthly schedules: which week of the month (1 to 5, or -1 for the last).</param>
/// <param name="StartTime">Local start time (Europe/London).</param>
/// <param name="EndTime">Local end time (Europe/London).</param>
/// <param name="ValidFrom">The first date it applies, when limited.</param>
/// <param name="ValidUntil">The last date it applies, when limited.</param>
/// <param name="Rrule">The same schedule as an iCalendar RRULE.</param>
/// <param name="Summary">The schedule in words, e.g. Every Tuesday, 10:00 to 12:00.</param>
/// <param name="Notes">The curator's notes, e.g. not in August.</param>
public sealed record ScheduleView(
    Guid Id, Guid? LocationId, ScheduleFrequency Frequency, Weekday Day, int? WeekOfMonth, TimeOnly StartTime, TimeOnly EndTime,
    DateOnly? ValidFrom, DateOnly? ValidUntil, string Rrule, string Summary, string? Notes);

/// <summary>One cost of going.</summary>
/// <param name="Kind">Free, a fee, or a donation.</param>
/// <param name="Amount">The amount in pounds; null when free or unstated.</param>
/// <param name="Per">What the amount is per; null when there is no amount.</param>
/// <param name="Description">Anything more about the cost, e.g. concessions.</param>
public sealed record CostView(CostKind Kind, decimal? Amount, CostPeriod? Per, string? Description);

/// <summary>Whom to contact about a listing (an organiser's role, not a person signposted).</summary>
/// <param name="Name">The contact's name, when published.</param>
/// <param name="Role">The contact's role, e.g. Group leader.</param>
/// <param name="Email">An email address, when published.</param>
/// <param name="Phone">A phone number, when published.</param>
public sealed record ContactView(string? Name, string? Role, string? Email, string? Phone);

/// <summary>An area an area-wide listing covers (a listing with no fixed venue).</summary>
/// <param name="Name">The curator's name for the area, e.g. Sheffield.</param>
/// <param name="AreaCode">The area's GSS code (local authority or ward).</param>
/// <param name="AreaName">The area's official name.</param>
public sealed record ServiceAreaView(string Name, string AreaCode, string AreaName);

/// <summary>A listing in full.</summary>
/// <param name="Id">The listing's id.</param>
/// <param name="Name">The listing's name.</param>
/// <param name="Summary">One or two sentences about it, when written.</param>
/// <param name="Description">A longer description, when written.</param>
/// <param name="Kind">What kind of thing it is (group, class, walk...), when classified.</param>
/// <param name="Status">Whether it is running.</param>
/// <param name="HowToJoin">How a newcomer joins.</param>
/// <param name="NewcomerInfo">What to expect the first time, when written.</param>
/// <param name="CompanionsWelcome">true: a newcomer may bring a friend or carer.</param>
/// <param name="AcceptingNewMembers">false while it is full.</param>
/// <param name="MinAge">The youngest age in years it is for; null when there is no lower limit.</param>
/// <param name="MaxAge">The oldest age in years it is for; null when there is no upper limit.</param>
/// <param name="Languages">The languages it is run in (codes such as en, cy, bsl).</param>
/// <param name="DeliveryModes">in_person, online and/or phone.</param>
/// <param name="Organisation">The organisation that runs it.</param>
/// <param name="Website">Its website, when recorded.</param>
/// <param name="Contacts">Whom to contact.</param>
/// <param name="Costs">What it costs; empty when not recorded.</param>
/// <param name="IsFree">true when every cost is free (a donation is optional).</param>
/// <param name="CostSummary">The costs in words, e.g. Free or £3 per session.</param>
/// <param name="Audiences">Whom it is especially for.</param>
/// <param name="Accessibility">Accessibility features.</param>
/// <param name="Interests">The interests it serves.</param>
/// <param name="Locations">The venues where it meets.</param>
/// <param name="ServiceAreas">The areas it covers when it has no fixed venue.</param>
/// <param name="Schedules">When it meets.</param>
/// <param name="LastVerifiedAt">When a curator last confirmed it is running as described; null if never.</param>
/// <param name="VerificationMethod">How it was last verified; null if never.</param>
/// <param name="CreatedAt">When it was first listed.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record AssetDetail(
    Guid Id, string Name, string? Summary, string? Description, TermRef? Kind, AssetStatus Status, HowToJoin HowToJoin,
    string? NewcomerInfo, bool CompanionsWelcome, bool AcceptingNewMembers, int? MinAge, int? MaxAge,
    string[] Languages, string[] DeliveryModes, OrganisationRef Organisation, string? Website,
    IReadOnlyList<ContactView> Contacts, IReadOnlyList<CostView> Costs, bool IsFree, string CostSummary,
    IReadOnlyList<TermRef> Audiences, IReadOnlyList<TermRef> Accessibility, IReadOnlyList<TermRef> Interests,
    IReadOnlyList<LocationView> Locations, IReadOnlyList<ServiceAreaView> ServiceAreas, IReadOnlyList<ScheduleView> Schedules,
    DateTimeOffset? LastVerifiedAt, VerificationMethod? VerificationMethod, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
