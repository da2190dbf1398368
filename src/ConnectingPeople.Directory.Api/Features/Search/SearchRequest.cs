using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Shared;
using NetTopologySuite.Geometries;

namespace ConnectingPeople.Directory.Api.Features.Search;

public enum OriginSource { Postcode, Sector, District, Coordinates }

public enum SearchSort { Distance, Relevance, Name, NextSession }

public enum SearchFormat { Json, Geojson, Csv }

public enum TimeOfDay { Morning, Afternoon, Evening }

public sealed record SearchOrigin(Point Point, OriginSource Source, string? Postcode, string? District);

/// <summary>An interest asked for, with the ids of the term and everything below it.</summary>
public sealed record InterestFilter(string Code, IReadOnlyList<Guid> TermIds);

/// <summary>A validated search: every value here has been checked and resolved.</summary>
public sealed record SearchRequest
{
    public SearchOrigin? Origin { get; init; }
    public double RadiusMetres { get; init; } = 5_000;
    public int? Nearest { get; init; }
    /// <summary>With <see cref="Nearest"/>: no venue further than this counts.</summary>
    public double NearestMaxMetres { get; init; } = SearchRequestParser.DefaultNearestMaxKm * 1000;
    public string? AreaCode { get; init; }
    public string? Delivery { get; init; }
    public IReadOnlyList<InterestFilter> Interests { get; init; } = [];
    public bool AllInterests { get; init; }
    public IReadOnlyList<string> TextTerms { get; init; } = [];
    public string? Text { get; init; }
    public IReadOnlyList<Weekday> Days { get; init; } = [];
    public TimeOnly? From { get; init; }
    public TimeOnly? To { get; init; }
    public TimeOfDay? Time { get; init; }
    public DateOnly? On { get; init; }
    /// <summary>Only sessions starting after this local time: set for <c>on=</c> today, when earlier sessions are over.</summary>
    public TimeOnly? StartsAfter { get; init; }
    public bool Free { get; init; }
    public decimal? MaxCost { get; init; }
    public IReadOnlyList<Guid> Accessibility { get; init; } = [];
    public int? Age { get; init; }
    public IReadOnlyList<Guid> Audiences { get; init; } = [];
    public bool AcceptingNewMembers { get; init; }
    public int? VerifiedWithinDays { get; init; }
    public bool IncludeInactive { get; init; }
    public SearchSort Sort { get; init; }
    public SearchFormat Format { get; init; }
    public required PageRequest Page { get; init; }
}
