using System.Collections.Concurrent;
using ConnectingPeople.Directory.Api.Data.Entities;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

using Location = ConnectingPeople.Directory.Api.Data.Entities.Location;

namespace ConnectingPeople.Directory.Api.Features.ReadModel;

/// <summary>
/// Venues by position: an NTS <see cref="STRtree{T}"/> built at load (bulk-loaded, so well packed, but immutable once
/// queried), plus the venues added or moved since, scanned directly. The owner rebuilds the tree when that overlay
/// grows past <see cref="RebuildAfter"/>, so lookups stay logarithmic without rebuilding on every edit. Each venue in
/// the tree carries its <see cref="SpherePoint"/>, so a search bounds distances without trigonometry per venue.
/// </summary>
public sealed class VenueIndex
{
    public const int RebuildAfter = 5_000;
    private readonly STRtree<(Guid Id, SpherePoint At)> _tree = new();
    private readonly ConcurrentDictionary<Guid, byte> _changed = new();

    public VenueIndex(IEnumerable<Location> venues)
    {
        foreach (var v in venues)
            _tree.Insert(new Envelope(v.Longitude, v.Longitude, v.Latitude, v.Latitude), (v.Id, SpherePoint.At(v.Latitude, v.Longitude)));
        _tree.Build();
    }

    public int Changed => _changed.Count;

    /// <summary>A venue added or moved: found from the overlay (at its current point) until the next rebuild.</summary>
    public void Moved(Guid venueId) => _changed[venueId] = 0;

    /// <summary>Current venues whose point may fall in the envelope (longitude X, latitude Y), looked up in <paramref name="current"/>.</summary>
    public IEnumerable<Location> Query(Envelope envelope, IReadOnlyDictionary<Guid, Location> current) =>
        Near(envelope, current).Select(v => v.Venue);

    /// <summary>As <see cref="Query"/>, with each venue's point on the sphere.</summary>
    public IEnumerable<(Location Venue, SpherePoint At)> Near(Envelope envelope, IReadOnlyDictionary<Guid, Location> current)
    {
        var anyChanged = !_changed.IsEmpty;
        foreach (var (id, at) in _tree.Query(envelope))
        {
            if (anyChanged && _changed.ContainsKey(id)) continue;
            if (current.TryGetValue(id, out var venue)) yield return (venue, at);
        }
        if (!anyChanged) yield break;
        foreach (var id in _changed.Keys)
        {
            if (current.TryGetValue(id, out var venue) && envelope.Contains(venue.Longitude, venue.Latitude))
                yield return (venue, SpherePoint.At(venue.Latitude, venue.Longitude));
        }
    }
}
