namespace ConnectingPeople.Directory.Api.Data.Entities;

public static class Roles
{
    public const string Curator = "curator";
    public const string Prescriber = "prescriber";
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Curator, Prescriber, Admin };
}

/// <summary>
/// An API key. Only a SHA-256 hash of the key is stored (keys carry 256 random bits, so a slow hash adds nothing);
/// <see cref="Prefix"/> finds the row, and the hashes are compared in constant time.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required byte[] Hash { get; set; }
    public required string Role { get; set; }

    /// <summary>For curators: the organisations whose listings they may write.</summary>
    public Guid[] OrganisationIds { get; set; } = [];

    /// <summary>For curators: local authority codes; listings with a venue or service area there are in scope.</summary>
    public string[] AreaCodes { get; set; } = [];

    /// <summary>For prescribers: the team whose signposting records the key reads and writes.</summary>
    public string? Team { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>
/// One change to a record: who, when, what (before and after, as JSON). Entries are numbered in commit order (a lock
/// is held from numbering to commit), so the changes feed can resume from a cursor without missing or repeating.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public required string EntityType { get; set; }
    public Guid EntityId { get; set; }
    public required string Action { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}

public enum FeedbackKind { Closed, Moved, WrongTime, WrongContact, Other }

public enum FeedbackStatus { Open, Resolved, Dismissed }

/// <summary>A report that a listing is wrong, from the public or a prescriber. Holds no details of who sent it.</summary>
public sealed class Feedback
{
    public Guid Id { get; set; }
    public Guid AssetId { get; set; }
    public FeedbackKind Kind { get; set; }
    public string? Message { get; set; }
    public FeedbackStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public string? Note { get; set; }

    /// <summary>The audit entry (changes-feed cursor) of the edit that fixed it, when resolved.</summary>
    public long? FixedByChange { get; set; }
}
