using System.Text.Json.Serialization;

namespace ConnectingPeople.Directory.Api.Features.OpenReferral;

// HSDS 3.0 / ORUK 3.0 objects as the feed publishes them. Serialised snake_case with nulls left out, so an
// optional field without a value is absent rather than null.

/// <summary>The feed's root: which standard it follows.</summary>
/// <param name="Version">The Open Referral UK version the feed follows.</param>
/// <param name="Profile">The URL of the ORUK profile the feed conforms to.</param>
/// <param name="OpenapiUrl">The URL of the profile's OpenAPI document.</param>
public sealed record OrukRoot(string Version, string Profile, string OpenapiUrl);

/// <summary>One page of an Open Referral list.</summary>
/// <param name="TotalItems">How many items match, across all pages.</param>
/// <param name="TotalPages">How many pages there are at this page size.</param>
/// <param name="PageNumber">This page's number, from 1.</param>
/// <param name="Size">The page size asked for (per_page).</param>
/// <param name="FirstPage">true on page 1.</param>
/// <param name="LastPage">true on the last page (or when there are no items).</param>
/// <param name="Empty">true when this page holds no items.</param>
/// <param name="Contents">The items on this page.</param>
public sealed record OrukPage<T>(
    int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage, bool Empty, IReadOnlyList<T> Contents);

/// <summary>An organisation that runs services.</summary>
/// <param name="Id">The organisation's id (the same as in the native API).</param>
/// <param name="Name">The organisation's name.</param>
/// <param name="Description">What the organisation does (its name when nothing else is recorded).</param>
/// <param name="Email">A contact email address, when one is published.</param>
/// <param name="Website">The organisation's website (https), when recorded.</param>
/// <param name="Phone">A contact phone number, when one is published.</param>
/// <param name="Services">Its services, on the single-organisation read only.</param>
public sealed record OrukOrganization(
    Guid Id, string Name, string Description, string? Email, string? Website, string? Phone, IReadOnlyList<OrukService>? Services);

/// <summary>A listing as an Open Referral UK service.</summary>
/// <param name="Id">The listing's id (the same as in the native API).</param>
/// <param name="OrganizationId">The id of the organisation that runs it.</param>
/// <param name="Name">The listing's name.</param>
/// <param name="Description">The summary, description and what to expect the first time, joined by blank lines.</param>
/// <param name="Url">The listing's website (https), when recorded.</param>
/// <param name="Email">A contact email address, when one is published.</param>
/// <param name="Status">active, temporarily closed or defunct.</param>
/// <param name="MinimumAge">The youngest age in years it is for, when stated.</param>
/// <param name="MaximumAge">The oldest age in years it is for, when stated.</param>
/// <param name="AssuredDate">The date (YYYY-MM-DD) a curator last verified the listing, when ever verified.</param>
/// <param name="LastModified">When the listing last changed (UTC date-time).</param>
/// <param name="Alert">A notice for people thinking of going, e.g. when it is not accepting new members.</param>
/// <param name="Organization">The organisation that runs it, on the single-service read.</param>
/// <param name="Schedules">When it meets (iCalendar recurrence fields).</param>
/// <param name="ServiceAreas">The areas an area-wide listing covers, with their boundaries.</param>
/// <param name="ServiceAtLocations">The venues where it meets (or one virtual location when it is online only).</param>
/// <param name="Languages">The languages it is run in.</param>
/// <param name="CostOptions">What it costs.</param>
/// <param name="Contacts">The people or roles to contact.</param>
/// <param name="Attributes">Its interests and kind as taxonomy terms.</param>
public sealed record OrukService(
    Guid Id, Guid OrganizationId, string Name, string? Description, string? Url, string? Email, string Status,
    int? MinimumAge, int? MaximumAge, string? AssuredDate, string? LastModified, string? Alert,
    OrukOrganization? Organization, IReadOnlyList<OrukSchedule>? Schedules, IReadOnlyList<OrukServiceArea>? ServiceAreas,
    IReadOnlyList<OrukServiceAtLocation>? ServiceAtLocations, IReadOnlyList<OrukLanguage>? Languages,
    IReadOnlyList<OrukCostOption>? CostOptions, IReadOnlyList<OrukContact>? Contacts, IReadOnlyList<OrukAttribute>? Attributes);

/// <summary>A service at one location.</summary>
/// <param name="Id">The id of this service-at-location link.</param>
/// <param name="ServiceId">The service's id.</param>
/// <param name="LocationId">The location's id.</param>
/// <param name="Location">The location, in full.</param>
/// <param name="Service">The service, on the service_at_locations reads.</param>
public sealed record OrukServiceAtLocation(Guid Id, Guid ServiceId, Guid LocationId, OrukLocation? Location, OrukService? Service);

/// <summary>A venue (physical) or the online place of an online-only listing (virtual).</summary>
/// <param name="Id">The location's id (a venue's id as in the native API).</param>
/// <param name="LocationType">physical or virtual.</param>
/// <param name="Name">The venue's name.</param>
/// <param name="Url">For a virtual location: the listing's website.</param>
/// <param name="Latitude">WGS84 latitude of a physical location.</param>
/// <param name="Longitude">WGS84 longitude of a physical location.</param>
/// <param name="Addresses">The venue's postal address.</param>
/// <param name="Accessibility">The listing's accessibility features at this venue.</param>
public sealed record OrukLocation(
    Guid Id, string LocationType, string Name, string? Url, double? Latitude, double? Longitude,
    IReadOnlyList<OrukAddress>? Addresses, IReadOnlyList<OrukAccessibility>? Accessibility);

/// <summary>A venue's postal address.</summary>
/// <param name="Id">The address's id (derived from the venue's).</param>
/// <param name="LocationId">The venue's id.</param>
/// <param name="Address1">The first address line (the venue's name when no line is recorded).</param>
/// <param name="Address2">The second address line, when recorded.</param>
/// <param name="City">The town, else the local authority, else "Not recorded".</param>
/// <param name="StateProvince">The local authority, else the town, else "Not recorded".</param>
/// <param name="PostalCode">The postcode.</param>
/// <param name="Country">GB.</param>
/// <param name="AddressType">physical.</param>
public sealed record OrukAddress(
    Guid Id, Guid LocationId, [property: JsonPropertyName("address_1")] string Address1, [property: JsonPropertyName("address_2")] string? Address2, string City, string StateProvince, string PostalCode, string Country,
    string AddressType);

/// <summary>One accessibility feature of a listing at a venue.</summary>
/// <param name="Id">The id of this feature at this venue.</param>
/// <param name="LocationId">The venue's id.</param>
/// <param name="Description">The feature's name, e.g. Step-free access.</param>
/// <param name="Attributes">The feature as a taxonomy term.</param>
public sealed record OrukAccessibility(Guid Id, Guid LocationId, string Description, IReadOnlyList<OrukAttribute>? Attributes);

/// <summary>When a service meets, as iCalendar recurrence fields.</summary>
/// <param name="Id">The schedule's id.</param>
/// <param name="ServiceId">The service's id.</param>
/// <param name="ServiceAtLocationId">The service-at-location it meets at, when it meets at a venue.</param>
/// <param name="ValidFrom">The first date (YYYY-MM-DD) it applies, when limited.</param>
/// <param name="ValidTo">The last date (YYYY-MM-DD) it applies, when limited.</param>
/// <param name="Dtstart">The date (YYYY-MM-DD) the rule counts from: a fortnightly schedule's first session, else valid_from.</param>
/// <param name="Until">The recurrence rule's UNTIL, when it ends.</param>
/// <param name="Freq">WEEKLY or MONTHLY.</param>
/// <param name="Interval">1, or 2 for fortnightly.</param>
/// <param name="Byday">The day, e.g. TU, or 2TU for the second Tuesday of the month.</param>
/// <param name="OpensAt">Local start time, HH:MM (Europe/London).</param>
/// <param name="ClosesAt">Local end time, HH:MM (Europe/London).</param>
/// <param name="Description">The schedule in words, e.g. Every Tuesday, 10:00 to 12:00.</param>
/// <param name="Notes">The curator's notes, e.g. not in August.</param>
public sealed record OrukSchedule(
    Guid Id, Guid ServiceId, Guid? ServiceAtLocationId, string? ValidFrom, string? ValidTo, string? Dtstart, string? Until,
    string Freq, int Interval, string Byday, string OpensAt, string ClosesAt, string Description, string? Notes);

/// <summary>An area an area-wide service covers.</summary>
/// <param name="Id">The service area's id.</param>
/// <param name="ServiceId">The service's id.</param>
/// <param name="Name">The area's name.</param>
/// <param name="Extent">The area's boundary as a GeoJSON MultiPolygon, when the directory holds it.</param>
/// <param name="ExtentType">geojson when extent is given.</param>
/// <param name="Uri">The area's ONS statistical geography URI (by its GSS code).</param>
public sealed record OrukServiceArea(Guid Id, Guid ServiceId, string Name, string? Extent, string? ExtentType, string? Uri);

/// <summary>A language a service is run in.</summary>
/// <param name="Id">The language entry's id.</param>
/// <param name="ServiceId">The service's id.</param>
/// <param name="Name">The language's English name.</param>
/// <param name="Code">The language code, e.g. en, cy, bsl.</param>
public sealed record OrukLanguage(Guid Id, Guid ServiceId, string Name, string Code);

/// <summary>One cost of a service.</summary>
/// <param name="Id">The cost's id.</param>
/// <param name="ServiceId">The service's id.</param>
/// <param name="Option">Free, Fee or Donation.</param>
/// <param name="Amount">The amount in pounds, when there is one.</param>
/// <param name="AmountDescription">The cost in words, e.g. £3 per session.</param>
public sealed record OrukCostOption(Guid Id, Guid ServiceId, string Option, decimal? Amount, string AmountDescription);

/// <summary>A person or role to contact about a service.</summary>
/// <param name="Id">The contact's id.</param>
/// <param name="ServiceId">The service's id.</param>
/// <param name="Name">The contact's name, when published.</param>
/// <param name="Title">The contact's role, e.g. Group leader.</param>
/// <param name="Email">The contact's email address, when published.</param>
/// <param name="Phones">The contact's phone number, when a UK number is published.</param>
public sealed record OrukContact(Guid Id, Guid ServiceId, string? Name, string? Title, string? Email, IReadOnlyList<OrukPhone>? Phones);

/// <summary>A phone number.</summary>
/// <param name="Id">The phone's id.</param>
/// <param name="ContactId">The contact it belongs to.</param>
/// <param name="Number">The UK phone number.</param>
public sealed record OrukPhone(Guid Id, Guid? ContactId, string Number);

/// <summary>A taxonomy term attached to a service or an accessibility feature.</summary>
/// <param name="Id">The attribute's id.</param>
/// <param name="LinkId">The id of the service or accessibility feature it is attached to.</param>
/// <param name="TaxonomyTermId">The term's id.</param>
/// <param name="LinkType">service or accessibility.</param>
/// <param name="LinkEntity">service or accessibility (the table linked to).</param>
/// <param name="TaxonomyTerm">The term in full.</param>
public sealed record OrukAttribute(Guid Id, Guid LinkId, Guid TaxonomyTermId, string LinkType, string LinkEntity, OrukTaxonomyTerm TaxonomyTerm);

/// <summary>A term of one of the directory's vocabularies.</summary>
/// <param name="Id">The term's id.</param>
/// <param name="Code">The term's code, e.g. walking (as the native API's filters use).</param>
/// <param name="Name">The term's name.</param>
/// <param name="Description">What the term covers (its name when nothing else is recorded).</param>
/// <param name="ParentId">The broader term's id, when it has one.</param>
/// <param name="Taxonomy">The vocabulary's code, e.g. interests.</param>
/// <param name="TaxonomyId">The vocabulary's id.</param>
public sealed record OrukTaxonomyTerm(Guid Id, string Code, string Name, string Description, Guid? ParentId, string Taxonomy, Guid TaxonomyId);

/// <summary>One of the directory's vocabularies.</summary>
/// <param name="Id">The vocabulary's id.</param>
/// <param name="Name">The vocabulary's name.</param>
/// <param name="Description">What the vocabulary classifies.</param>
/// <param name="Version">The vocabulary's version.</param>
/// <param name="TaxonomyTerms">Its terms, on the single-taxonomy read.</param>
public sealed record OrukTaxonomy(Guid Id, string Name, string Description, string Version, IReadOnlyList<OrukTaxonomyTerm>? TaxonomyTerms);
