using System.Text.Json.Serialization;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Assets;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>How a result matched: a venue within reach (distance), a service area covering the origin, or text/interest relevance.</summary>
public enum MatchKind { Distance, Coverage, Relevance }

public sealed record VenueView(
    Guid Id, string Name, [property: JsonPropertyName("address_1")] string? Address1, [property: JsonPropertyName("address_2")] string? Address2,
    string? Town, string Postcode, double Latitude, double Longitude);

/// <summary>Local start and end with their UTC offset (Europe/London).</summary>
public sealed record NextSessionView(DateTimeOffset Start, DateTimeOffset End);

public sealed record SearchResult(
    Guid Id, string Name, string? Summary, OrganisationRef Organisation, TermRef? Kind, AssetStatus Status, MatchKind Match, double? DistanceM,
    VenueView? Venue, NextSessionView? NextSession, string ScheduleSummary, string CostSummary, bool IsFree,
    IReadOnlyList<TermRef> Accessibility, IReadOnlyList<TermRef> Audiences, IReadOnlyList<string> MatchedInterests,
    DateTimeOffset? LastVerifiedAt, string Link, bool AcceptingNewMembers);

/// <summary>Where distances were measured from, and what the postcode resolved to.</summary>
public sealed record OriginView(double Latitude, double Longitude, OriginSource Source, string? Postcode);

/// <summary>The API's standard page envelope, plus the origin the search used.</summary>
public sealed record SearchResponse(
    int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage, bool Empty,
    IReadOnlyList<SearchResult> Contents, OriginView? Origin, double? NearestBeyondM);
