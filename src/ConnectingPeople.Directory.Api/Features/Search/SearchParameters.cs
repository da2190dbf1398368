using Microsoft.AspNetCore.Mvc;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>The query string of GET /api/v1/search, as sent. <see cref="SearchRequestParser"/> validates it.</summary>
public sealed class SearchParameters
{
    /// <summary>Origin: a postcode (else its sector, else its district centroid). Not with latitude/longitude.</summary>
    [FromQuery(Name = "postcode")] public string? Postcode { get; init; }

    /// <summary>Origin latitude (WGS84), with longitude.</summary>
    [FromQuery(Name = "latitude")] public double? Latitude { get; init; }

    /// <summary>Origin longitude (WGS84), with latitude.</summary>
    [FromQuery(Name = "longitude")] public double? Longitude { get; init; }

    /// <summary>Radius around the origin in kilometres, more than 0 and at most 100 (default 5). Not with nearest.</summary>
    [FromQuery(Name = "radius_km")] public double? RadiusKm { get; init; }

    /// <summary>The N nearest matches at any distance (1 to 100) instead of a radius.</summary>
    [FromQuery(Name = "nearest")] public int? Nearest { get; init; }

    /// <summary>With nearest: how far to look, in kilometres (default 30, at most 1000), so "nearest" never means another city.</summary>
    [FromQuery(Name = "max_km")] public double? MaxKm { get; init; }

    /// <summary>Only venues inside this ward or local authority (GSS code, e.g. E08000014 for Sefton).</summary>
    [FromQuery(Name = "area")] public string? Area { get; init; }

    /// <summary>in_person, online or phone.</summary>
    [FromQuery(Name = "delivery")] public string? Delivery { get; init; }

    /// <summary>Comma-separated interest codes; a term matches its descendants (walking includes health_walks).</summary>
    [FromQuery(Name = "interests")] public string? Interests { get; init; }

    /// <summary>any (default) or all of the interests.</summary>
    [FromQuery(Name = "interests_match")] public string? InterestsMatch { get; init; }

    /// <summary>Free text over name, summary, description, organisation and interests (stemmed, typo tolerant).</summary>
    [FromQuery(Name = "q")] public string? Q { get; init; }

    /// <summary>Comma-separated days a session falls on: mon,tue,wed,thu,fri,sat,sun.</summary>
    [FromQuery(Name = "day")] public string? Day { get; init; }

    /// <summary>morning (starts before 12:00), afternoon (12:00-17:00) or evening (from 17:00). Not with from/to.</summary>
    [FromQuery(Name = "time")] public string? Time { get; init; }

    /// <summary>Sessions overlapping from this local time (HH:MM).</summary>
    [FromQuery(Name = "from")] public string? From { get; init; }

    /// <summary>Sessions overlapping up to this local time (HH:MM).</summary>
    [FromQuery(Name = "to")] public string? To { get; init; }

    /// <summary>A session on this date (YYYY-MM-DD, Europe/London), respecting fortnightly and monthly rules.</summary>
    [FromQuery(Name = "on")] public DateOnly? On { get; init; }

    /// <summary>true: free to attend (no fee; donations are optional).</summary>
    [FromQuery(Name = "free")] public bool? Free { get; init; }

    /// <summary>Free, or a per-session fee of at most this many pounds.</summary>
    [FromQuery(Name = "max_cost")] public decimal? MaxCost { get; init; }

    /// <summary>Comma-separated accessibility codes; all must hold.</summary>
    [FromQuery(Name = "accessibility")] public string? Accessibility { get; init; }

    /// <summary>An age in years that must fall inside the listing's age range.</summary>
    [FromQuery(Name = "age")] public int? Age { get; init; }

    /// <summary>Comma-separated audience codes; any may match.</summary>
    [FromQuery(Name = "audience")] public string? Audience { get; init; }

    /// <summary>true: only listings accepting new members.</summary>
    [FromQuery(Name = "accepting_new_members")] public bool? AcceptingNewMembers { get; init; }

    /// <summary>Only listings verified within this many days.</summary>
    [FromQuery(Name = "verified_within_days")] public int? VerifiedWithinDays { get; init; }

    /// <summary>true: include temporarily closed and closed listings.</summary>
    [FromQuery(Name = "include_inactive")] public bool? IncludeInactive { get; init; }

    /// <summary>relevance (default with q, or without an origin: see the README for the formula), distance (default otherwise), name or next_session.</summary>
    [FromQuery(Name = "sort")] public string? Sort { get; init; }

    /// <summary>json (default), geojson or csv. Accept: application/geo+json or text/csv work too.</summary>
    [FromQuery(Name = "format")] public string? Format { get; init; }

    /// <summary>true, with format=csv or geojson: every match instead of one page, streamed (at most 10,000 unless configured otherwise; a search matching more is a 400). Not with page or per_page.</summary>
    [FromQuery(Name = "all")] public bool? All { get; init; }

    /// <summary>Page number, from 1.</summary>
    [FromQuery(Name = "page")] public int? Page { get; init; }

    /// <summary>Items per page, 1 to 100; default 20.</summary>
    [FromQuery(Name = "per_page")] public int? PerPage { get; init; }
}
