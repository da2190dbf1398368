using NetTopologySuite.Geometries;

namespace ConnectingPeople.Directory.Api.Data.Entities;

public sealed class Location : ICuratedRecord
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public string? Address1 { get; set; }
    public string? Address2 { get; set; }
    public string? Town { get; set; }
    public required string Postcode { get; set; }

    /// <summary>geography(Point, 4326): longitude is X, latitude is Y.</summary>
    public required Point Point { get; set; }

    public string? LocalAuthorityCode { get; set; }
    public string? WardCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public uint Version { get; set; }

    public double Latitude => Point.Y;
    public double Longitude => Point.X;
}
