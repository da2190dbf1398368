namespace ConnectingPeople.Directory.Api.Data.Entities;

/// <summary>A group, club, class, drop-in or service a person can join (an HSDS service).</summary>
public sealed class Asset : IAuditedEntity
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public required string Name { get; set; }
    public string? Summary { get; set; }
    public string? Description { get; set; }
    public Guid? KindId { get; set; }
    public TaxonomyTerm? Kind { get; set; }
    public AssetStatus Status { get; set; }
    public HowToJoin HowToJoin { get; set; }
    public string? NewcomerInfo { get; set; }
    public bool CompanionsWelcome { get; set; }
    public bool AcceptingNewMembers { get; set; } = true;
    public int? MinAge { get; set; }
    public int? MaxAge { get; set; }
    public string[] Languages { get; set; } = [];
    public string[] DeliveryModes { get; set; } = [];
    public string? Website { get; set; }
    public DateTimeOffset? LastVerifiedAt { get; set; }
    public VerificationMethod? VerificationMethod { get; set; }

    /// <summary>A stable id from the system an import came from, so re-importing updates instead of duplicating.</summary>
    public string? ExternalId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public uint Version { get; set; }

    public List<AssetTerm> Terms { get; set; } = [];
    public List<AssetCost> Costs { get; set; } = [];
    public List<AssetContact> Contacts { get; set; } = [];
    public List<AssetLocation> Locations { get; set; } = [];
    public List<ServiceArea> ServiceAreas { get; set; } = [];
    public List<Schedule> Schedules { get; set; } = [];
}

public sealed class AssetTerm
{
    public Guid AssetId { get; set; }
    public Guid TermId { get; set; }
    public TaxonomyTerm Term { get; set; } = null!;
}

public sealed class AssetCost
{
    public Guid Id { get; set; }
    public Guid AssetId { get; set; }
    public CostKind Kind { get; set; }
    public decimal? Amount { get; set; }
    public CostPeriod? Per { get; set; }
    public string? Description { get; set; }
}

public sealed class AssetContact
{
    public Guid Id { get; set; }
    public Guid AssetId { get; set; }
    public string? Name { get; set; }
    public string? Role { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
}

/// <summary>An asset meeting at a venue (HSDS service_at_location); the id is what Open Referral exposes.</summary>
public sealed class AssetLocation
{
    public Guid Id { get; set; }
    public Guid AssetId { get; set; }
    public Asset Asset { get; set; } = null!;
    public Guid LocationId { get; set; }
    public Location Location { get; set; } = null!;
}

/// <summary>An area an asset serves without a venue (a phone line for a whole borough), by boundary code.</summary>
public sealed class ServiceArea
{
    public Guid Id { get; set; }
    public Guid AssetId { get; set; }
    public required string Name { get; set; }
    public required string AreaCode { get; set; }
    public Area Area { get; set; } = null!;
}
