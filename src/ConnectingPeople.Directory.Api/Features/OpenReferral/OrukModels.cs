using System.Text.Json.Serialization;

namespace ConnectingPeople.Directory.Api.Features.OpenReferral;

// HSDS 3.0 / ORUK 3.0 objects as the feed publishes them. Serialised snake_case with nulls left out, so an
// optional field without a value is absent rather than null.

public sealed record OrukRoot(string Version, string Profile, string OpenapiUrl);

public sealed record OrukPage<T>(
    int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage, bool Empty, IReadOnlyList<T> Contents);

public sealed record OrukOrganization(
    Guid Id, string Name, string Description, string? Email, string? Website, string? Phone, IReadOnlyList<OrukService>? Services);

public sealed record OrukService(
    Guid Id, Guid OrganizationId, string Name, string? Description, string? Url, string? Email, string Status,
    int? MinimumAge, int? MaximumAge, string? AssuredDate, string? LastModified, string? Alert,
    OrukOrganization? Organization, IReadOnlyList<OrukSchedule>? Schedules, IReadOnlyList<OrukServiceArea>? ServiceAreas,
    IReadOnlyList<OrukServiceAtLocation>? ServiceAtLocations, IReadOnlyList<OrukLanguage>? Languages,
    IReadOnlyList<OrukCostOption>? CostOptions, IReadOnlyList<OrukContact>? Contacts, IReadOnlyList<OrukAttribute>? Attributes);

public sealed record OrukServiceAtLocation(Guid Id, Guid ServiceId, Guid LocationId, OrukLocation? Location, OrukService? Service);

public sealed record OrukLocation(
    Guid Id, string LocationType, string Name, string? Url, double? Latitude, double? Longitude,
    IReadOnlyList<OrukAddress>? Addresses, IReadOnlyList<OrukAccessibility>? Accessibility);

public sealed record OrukAddress(
    Guid Id, Guid LocationId, [property: JsonPropertyName("address_1")] string Address1, [property: JsonPropertyName("address_2")] string? Address2, string City, string StateProvince, string PostalCode, string Country,
    string AddressType);

public sealed record OrukAccessibility(Guid Id, Guid LocationId, string Description, IReadOnlyList<OrukAttribute>? Attributes);

public sealed record OrukSchedule(
    Guid Id, Guid ServiceId, Guid? ServiceAtLocationId, string? ValidFrom, string? ValidTo, string? Dtstart, string? Until,
    string Freq, int Interval, string Byday, string OpensAt, string ClosesAt, string Description, string? Notes);

public sealed record OrukServiceArea(Guid Id, Guid ServiceId, string Name, string? Extent, string? ExtentType, string? Uri);

public sealed record OrukLanguage(Guid Id, Guid ServiceId, string Name, string Code);

public sealed record OrukCostOption(Guid Id, Guid ServiceId, string Option, decimal? Amount, string AmountDescription);

public sealed record OrukContact(Guid Id, Guid ServiceId, string? Name, string? Title, string? Email, IReadOnlyList<OrukPhone>? Phones);

public sealed record OrukPhone(Guid Id, Guid? ContactId, string Number);

public sealed record OrukAttribute(Guid Id, Guid LinkId, Guid TaxonomyTermId, string LinkType, string LinkEntity, OrukTaxonomyTerm TaxonomyTerm);

public sealed record OrukTaxonomyTerm(Guid Id, string Code, string Name, string Description, Guid? ParentId, string Taxonomy, Guid TaxonomyId);

public sealed record OrukTaxonomy(Guid Id, string Name, string Description, string Version, IReadOnlyList<OrukTaxonomyTerm>? TaxonomyTerms);
