namespace ConnectingPeople.Directory.Api.Data.Entities;

public enum SignpostSupport { InformationOnly, Introduced, AccompaniedToFirstSession }

public enum SignpostOutcome { Attended, DidNotAttend, Declined, NotSuitable, GroupNoLongerRunning }

/// <summary>
/// A practitioner pointed someone to a listing. Holds nothing about the person: the optional reference is an opaque
/// key into the practitioner's own case system and is refused when it looks like personal data.
/// </summary>
public sealed class Signpost
{
    public Guid Id { get; set; }
    public Guid AssetId { get; set; }
    public Guid? LocationId { get; set; }

    /// <summary>The practitioner's team, from their key: records are visible to that team only.</summary>
    public required string Team { get; set; }

    public SignpostSupport Support { get; set; }
    public string? Reference { get; set; }
    public DateOnly SignpostedOn { get; set; }

    /// <summary>The listing's interest codes when signposted, so insight by interest reflects what was offered then.</summary>
    public string[] InterestCodes { get; set; } = [];

    /// <summary>The local authority of the venue (or the listing's first venue or service area) when signposted.</summary>
    public string? AreaCode { get; set; }

    public SignpostOutcome? Outcome { get; set; }
    public DateOnly? OutcomeOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset? OutcomeRecordedAt { get; set; }
    public string? OutcomeRecordedBy { get; set; }
    public uint Version { get; set; }
}

/// <summary>A few listings a practitioner hands to someone, found by an unguessable token (only its hash is kept).</summary>
public sealed class Shortlist
{
    public Guid Id { get; set; }
    public required byte[] TokenHash { get; set; }
    public required string Team { get; set; }
    public required string CreatedBy { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public List<ShortlistItem> Items { get; set; } = [];
}

public sealed class ShortlistItem
{
    public Guid Id { get; set; }
    public Guid ShortlistId { get; set; }
    public int Position { get; set; }
    public Guid AssetId { get; set; }
    public Guid? LocationId { get; set; }
}

/// <summary>
/// One search, anonymously: what was asked for, the postcode district it was asked from (never the postcode or
/// coordinates), the radius and how many results it found. The day only, not the time.
/// </summary>
public sealed class SearchLogEntry
{
    public long Id { get; set; }
    public DateOnly SearchedOn { get; set; }
    public string? District { get; set; }
    public string? LocalAuthorityCode { get; set; }
    public string[] Interests { get; set; } = [];
    public string[] TextTerms { get; set; } = [];
    public int? RadiusMetres { get; set; }
    public int ResultCount { get; set; }
}
