using NetTopologySuite.Geometries;

namespace ConnectingPeople.Directory.Api.Data.Entities;

/// <summary>A live postcode from OS Code-Point Open; <see cref="Code"/> is upper case without spaces.</summary>
public sealed class Postcode
{
    public required string Code { get; set; }
    public required string Display { get; set; }
    public required string Sector { get; set; }
    public required string District { get; set; }
    public required Point Point { get; set; }
    public string? LocalAuthorityCode { get; set; }
    public string? WardCode { get; set; }
    public short PositionalQuality { get; set; }
}

public sealed class PostcodeSector
{
    public required string Code { get; set; }
    public required string District { get; set; }
    public required Point Point { get; set; }
    public string? LocalAuthorityCode { get; set; }
    public int PostcodeCount { get; set; }
}

public sealed class PostcodeDistrict
{
    public required string Code { get; set; }
    public required Point Point { get; set; }
    public string? LocalAuthorityCode { get; set; }
    public int PostcodeCount { get; set; }
}

/// <summary>A ward or local authority by GSS code; <see cref="Boundary"/> is set where we hold one.</summary>
public sealed class Area
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public AreaType Type { get; set; }
    public string? ParentCode { get; set; }
    public MultiPolygon? Boundary { get; set; }
}

public sealed class SeedHistory
{
    public required string Dataset { get; set; }
    public required string Checksum { get; set; }
    public DateTimeOffset LoadedAt { get; set; }
}

public interface IAuditedEntity
{
    DateTimeOffset CreatedAt { get; set; }
    DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A record curators write through the one pipeline (listings, venues, organisations): soft-deleted, versioned.</summary>
public interface ICuratedRecord : IAuditedEntity
{
    Guid Id { get; }
    DateTimeOffset? DeletedAt { get; set; }
    uint Version { get; }
}
