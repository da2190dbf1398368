using System.Text.Json.Serialization;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Assets;
using ConnectingPeople.Directory.Api.Features.Shared;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>How a result matched: a venue within reach (distance), a service area covering the origin, or text/interest relevance.</summary>
public enum MatchKind { Distance, Coverage, Relevance }

/// <summary>The venue a result was matched at (the nearest of its venues to the origin).</summary>
/// <param name="Id">The venue's id.</param>
/// <param name="Name">The venue's name.</param>
/// <param name="Address1">The first address line, when recorded.</param>
/// <param name="Address2">The second address line, when recorded.</param>
/// <param name="Town">The town, when recorded.</param>
/// <param name="Postcode">The postcode.</param>
/// <param name="Latitude">WGS84 latitude.</param>
/// <param name="Longitude">WGS84 longitude.</param>
public sealed record VenueView(
    Guid Id, string Name, [property: JsonPropertyName("address_1")] string? Address1, [property: JsonPropertyName("address_2")] string? Address2,
    string? Town, string Postcode, double Latitude, double Longitude);

/// <summary>Local start and end with their UTC offset (Europe/London).</summary>
/// <param name="Start">When the session starts.</param>
/// <param name="End">When it ends.</param>
public sealed record NextSessionView([property: JsonConverter(typeof(LocalTimeJsonConverter))] DateTimeOffset Start, [property: JsonConverter(typeof(LocalTimeJsonConverter))] DateTimeOffset End);

/// <summary>One listing that matched.</summary>
/// <param name="Id">The listing's id.</param>
/// <param name="Name">The listing's name.</param>
/// <param name="Summary">One or two sentences about it, when written.</param>
/// <param name="Organisation">The organisation that runs it.</param>
/// <param name="Kind">What kind of thing it is, when classified.</param>
/// <param name="Status">Whether it is running.</param>
/// <param name="Match">How it matched.</param>
/// <param name="DistanceM">Metres from the origin to the venue; null without an origin or for a service-area match.</param>
/// <param name="Venue">The venue matched (the nearest); null when it matched by service area or has no venue.</param>
/// <param name="NextSession">Its next session from now (or on the date asked for); null when none is scheduled.</param>
/// <param name="ScheduleSummary">The schedule in words.</param>
/// <param name="CostSummary">The costs in words.</param>
/// <param name="IsFree">true when every cost is free.</param>
/// <param name="Accessibility">Accessibility features.</param>
/// <param name="Audiences">Whom it is especially for.</param>
/// <param name="MatchedInterests">The interest codes asked for that it has.</param>
/// <param name="LastVerifiedAt">When a curator last confirmed it; null if never.</param>
/// <param name="Link">The relative URL of the listing in full.</param>
/// <param name="AcceptingNewMembers">false while it is full.</param>
public sealed record SearchResult(
    Guid Id, string Name, string? Summary, OrganisationRef Organisation, TermRef? Kind, AssetStatus Status, MatchKind Match, double? DistanceM,
    VenueView? Venue, NextSessionView? NextSession, string ScheduleSummary, string CostSummary, bool IsFree,
    IReadOnlyList<TermRef> Accessibility, IReadOnlyList<TermRef> Audiences, IReadOnlyList<string> MatchedInterests,
    DateTimeOffset? LastVerifiedAt, string Link, bool AcceptingNewMembers);

/// <summary>Where distances were measured from, and what the postcode resolved to.</summary>
/// <param name="Latitude">WGS84 latitude of the origin.</param>
/// <param name="Longitude">WGS84 longitude of the origin.</param>
/// <param name="Source">What the origin came from: the postcode itself, its sector or district centroid, or coordinates.</param>
/// <param name="Postcode">The postcode, sector or district used, normalised; null for coordinates.</param>
public sealed record OriginView(double Latitude, double Longitude, OriginSource Source, string? Postcode);

/// <summary>The API's standard page envelope, plus the origin the search used.</summary>
/// <param name="TotalItems">How many items match, across all pages.</param>
/// <param name="TotalPages">How many pages there are at this page size.</param>
/// <param name="PageNumber">This page's number, from 1.</param>
/// <param name="Size">The page size asked for (per_page).</param>
/// <param name="FirstPage">true on page 1.</param>
/// <param name="LastPage">true on the last page (or when there are no items).</param>
/// <param name="Empty">true when this page holds no items.</param>
/// <param name="Contents">The matches on this page.</param>
/// <param name="Origin">The origin distances were measured from; null when the search had none.</param>
/// <param name="NearestBeyondM">When fewer matched than a page holds: metres to the nearest listing beyond the radius that would otherwise match, else null.</param>
public sealed record SearchResponse(
    int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage, bool Empty,
    IReadOnlyList<SearchResult> Contents, OriginView? Origin, double? NearestBeyondM);
