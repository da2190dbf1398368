using System.Collections.Concurrent;
using System.Collections.Immutable;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.ReadModel.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

using Location = ConnectingPeople.Directory.Api.Data.Entities.Location;

namespace ConnectingPeople.Directory.Api.Features.ReadModel;

/// <summary>A ward or authority as search tests it: its parent and its prepared boundary (null when we hold none).</summary>
public sealed record AreaShape(string Code, string Name, string? ParentCode, IPreparedGeometry? Boundary)
{
    /// <summary>
    /// Planar covers on longitude/latitude. PostGIS geography covers follows great circles between vertices; over the
    /// short edges of ward and authority boundaries the two lines are centimetres apart, so only a point that close
    /// to an edge could be judged differently (the differential test draws points across real boundaries).
    /// </summary>
    public bool Covers(Point point) => Boundary?.Covers(point) == true;
}

/// <summary>
/// The in-process copy of what anonymous reads need: listings (as detached entities, their search text held
/// compactly by <see cref="Text"/>), venues with a spatial index, organisations, terms and area boundaries. One writer (<see cref="ModelSync"/>) replaces
/// whole listings; readers run concurrently and always see each listing either before or after a change, never half.
/// </summary>
public sealed class DirectoryModel
{
    public ConcurrentDictionary<Guid, Asset> Assets { get; } = new();
    public ConcurrentDictionary<Guid, Location> Locations { get; } = new();
    public ConcurrentDictionary<Guid, Organisation> Organisations { get; } = new();
    /// <summary>The listings at each venue: a few ids, replaced whole on change (searches enumerate it per venue, and an array enumerates fastest).</summary>
    public ConcurrentDictionary<Guid, Guid[]> AssetsAtVenue { get; } = new();
    public ConcurrentDictionary<string, ImmutableHashSet<Guid>> AssetsServingArea { get; } = new();
    public ConcurrentDictionary<Guid, ImmutableHashSet<Guid>> AssetsOfOrganisation { get; } = new();

    /// <summary>Each venue link (an ORUK service_at_location id) to its listing.</summary>
    public ConcurrentDictionary<Guid, Guid> AssetOfLink { get; } = new();
    public IReadOnlyDictionary<string, AreaShape> Areas { get; private set; } = new Dictionary<string, AreaShape>();
    public VenueIndex Venues { get; private set; } = new([]);

    /// <summary>Search text, compactly: what free-text search judges (<see cref="TextQuery"/>).</summary>
    public ModelText Text { get; } = new();

    public IReadOnlyDictionary<Guid, TaxonomyTerm> Terms
    {
        get => _terms;
        set
        {
            Text.SetTerms(value.Values);
            _terms = value;
        }
    }

    private IReadOnlyDictionary<Guid, TaxonomyTerm> _terms = new Dictionary<Guid, TaxonomyTerm>();
    /// <summary>True once the first full load is in; before that every read goes to PostgreSQL.</summary>
    public bool Loaded { get; private set; }

    /// <summary>The changes-feed cursor: every audit entry up to this id is reflected here.</summary>
    public long AppliedThrough { get; set; }

    /// <summary>When the last catch-up that found the copy current began (its data is at least that fresh).</summary>
    public DateTimeOffset CurrentAsOf { get; set; }

    public void LoadAreas(IEnumerable<Area> areas) =>
        Areas = areas.ToDictionary(a => a.Code, a => new AreaShape(a.Code, a.Name, a.ParentCode, a.Boundary is null ? null : PreparedGeometryFactory.Prepare(a.Boundary)));

    public void LoadAll(LoadedListings loaded, long cursor, DateTimeOffset asOf)
    {
        foreach (var o in loaded.Organisations) PutOrganisation(o);
        foreach (var l in loaded.Locations) Locations[l.Id] = l;
        foreach (var a in loaded.Assets) Put(a, loaded.SearchWords.GetValueOrDefault(a.Id));
        Venues = new VenueIndex(Locations.Values);
        AppliedThrough = cursor;
        CurrentAsOf = asOf;
        Loaded = true;
    }

    /// <summary>Replaces the listings asked for with what was read (those not read were deleted), with their venues.</summary>
    public void Replace(IReadOnlyCollection<Guid> assetIds, LoadedListings loaded)
    {
        foreach (var o in loaded.Organisations) PutOrganisation(o);
        foreach (var l in loaded.Locations) PutVenue(l);
        var found = loaded.Assets.ToDictionary(a => a.Id);
        foreach (var id in assetIds)
        {
            if (found.TryGetValue(id, out var asset)) Put(asset, loaded.SearchWords.GetValueOrDefault(id));
            else Remove(id);
        }
        if (Venues.Changed > VenueIndex.RebuildAfter) Venues = new VenueIndex(Locations.Values);
    }

    public void RemoveOrganisation(Guid id)
    {
        Organisations.TryRemove(id, out _);
        Text.Organisations.TryRemove(id, out _);
    }

    public void PutOrganisation(Organisation organisation)
    {
        Text.PutOrganisation(organisation);
        Organisations[organisation.Id] = organisation;
    }

    public void PutVenue(Location venue)
    {
        var moved = !Locations.TryGetValue(venue.Id, out var before) || !before.Point.EqualsExact(venue.Point);
        Locations[venue.Id] = venue;
        if (moved) Venues.Moved(venue.Id);
    }

    public void RemoveVenue(Guid id) => Locations.TryRemove(id, out _);

    // New links first, then the listing, then old links dropped: a reader finds the listing at every moment.
    private void Put(Asset asset, byte[]? searchWords)
    {
        foreach (var l in asset.Locations)
        {
            AssetsAtVenue.AddOrUpdate(l.LocationId, _ => [asset.Id], (_, ids) => ids.Contains(asset.Id) ? ids : [.. ids, asset.Id]);
            AssetOfLink[l.Id] = asset.Id;
        }
        foreach (var s in asset.ServiceAreas) AssetsServingArea.AddOrUpdate(s.AreaCode, _ => [asset.Id], (_, set) => set.Add(asset.Id));
        AssetsOfOrganisation.AddOrUpdate(asset.OrganisationId, _ => [asset.Id], (_, set) => set.Add(asset.Id));
        Assets.TryGetValue(asset.Id, out var old);
        Text.Put(asset, searchWords);
        Assets[asset.Id] = asset;
        if (old is not null) Unlink(old, asset);
    }

    private void Remove(Guid id)
    {
        if (Assets.TryRemove(id, out var old)) Unlink(old, null);
        Text.Listings.TryRemove(id, out _);
    }

    private void Unlink(Asset old, Asset? now)
    {
        foreach (var l in old.Locations.Where(l => now?.Locations.Any(n => n.LocationId == l.LocationId) != true))
            AssetsAtVenue.AddOrUpdate(l.LocationId, _ => [], (_, ids) => [.. ids.Where(id => id != old.Id)]);
        foreach (var l in old.Locations.Where(l => now?.Locations.Any(n => n.Id == l.Id) != true))
            AssetOfLink.TryRemove(new KeyValuePair<Guid, Guid>(l.Id, old.Id));
        foreach (var s in old.ServiceAreas.Where(s => now?.ServiceAreas.Any(n => n.AreaCode == s.AreaCode) != true))
            AssetsServingArea.AddOrUpdate(s.AreaCode, _ => [], (_, set) => set.Remove(old.Id));
        if (now?.OrganisationId != old.OrganisationId)
            AssetsOfOrganisation.AddOrUpdate(old.OrganisationId, _ => [], (_, set) => set.Remove(old.Id));
    }

    public IEnumerable<Location> VenuesOf(Asset asset)
    {
        foreach (var link in asset.Locations)
            if (Locations.TryGetValue(link.LocationId, out var venue)) yield return venue;
    }

    public IEnumerable<Asset> AssetsAt(Guid venueId) =>
        AssetsAtVenue.TryGetValue(venueId, out var ids) ? ids.Select(id => Assets.GetValueOrDefault(id)).OfType<Asset>() : [];
}
