using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Curation;
using ConnectingPeople.Directory.Api.Features.Postcodes;
using Microsoft.EntityFrameworkCore;
using Location = ConnectingPeople.Directory.Api.Data.Entities.Location;

namespace ConnectingPeople.Directory.Api.Features.Transfer;

/// <summary>
/// What an import looks up about a batch of listings, in a few queries for the whole batch rather than a few per row:
/// the stored listings their external ids (or own ids) name, the venues their rows name by name and postcode, which of
/// those venues the stored listings meet at, and their postcodes. Venues the import creates are added as it goes, so a
/// later listing at the same new hall reuses it as it would have found it in the database. Call <see cref="LoadAsync"/>
/// on a cleared change tracker: the venues it loads are tracked for the batch.
/// </summary>
public sealed class ImportLookups(DirectoryDbContext db, AssetValidator validator)
{
    public sealed record Match(Guid Id, uint Version, string? ExternalId, Guid OrganisationId);

    private readonly Dictionary<(Guid, string), Match> _byExternalId = [];
    private readonly Dictionary<Guid, Match> _byId = [];
    private readonly HashSet<Guid> _createdIds = [];
    private readonly Dictionary<(string, string), List<Location>> _venues = [];
    private readonly HashSet<(Guid, Guid)> _links = [];

    /// <summary>The postcode as venues store it ("S1 2JA"), or the text as given when it does not read as one.</summary>
    public static string Postcode(string? text) => PostcodeFormat.TryParse(text, out var parsed) ? parsed.Code : text ?? "";

    /// <summary>Looks up everything the next batch needs; <paramref name="organisations"/> are the ids of the organisations its rows name.</summary>
    public async Task LoadAsync(IReadOnlyCollection<string> externalIds, IReadOnlyCollection<Guid> organisations,
        IReadOnlyCollection<(string Name, string Postcode)> venues, CancellationToken ct)
    {
        _byExternalId.Clear();
        _byId.Clear();
        _venues.Clear();
        _links.Clear();
        var ids = externalIds.Select(e => Guid.TryParse(e, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        var texts = externalIds.Distinct().ToList();
        // Two lookups in one statement (UNION ALL), not one OR, which PostgreSQL planned as a sequential scan of the
        // listings on a table the import itself was filling (a 290,000-row import at 2.2 ms a row against 1.2 at
        // 100,000). The id half now uses the primary key; on a table never analysed the external-id half can still be
        // planned as a scan (docs/benchmarks.md, import notes). A listing found both ways is kept once below.
        var assets = db.Assets.IgnoreQueryFilters().AsNoTracking();
        var known = await assets.Where(a => organisations.Contains(a.OrganisationId) && a.ExternalId != null && texts.Contains(a.ExternalId))
            .Concat(assets.Where(a => ids.Contains(a.Id)))
            .Select(a => new Match(a.Id, a.Version, a.ExternalId, a.OrganisationId)).ToListAsync(ct);
        foreach (var match in known)
        {
            _byId[match.Id] = match;
            if (match.ExternalId is { } external) _byExternalId[(match.OrganisationId, external)] = match;
        }

        var names = venues.Select(v => v.Name).Distinct().ToList();
        var postcodes = venues.Select(v => v.Postcode).Distinct().ToList();
        // Tracked, and known to the validator, so the listings of the batch that link them need no query each.
        validator.ForgetVenues();
        var found = await db.Locations.Where(l => names.Contains(l.Name) && postcodes.Contains(l.Postcode)).OrderBy(l => l.Id).ToListAsync(ct);
        foreach (var venue in found) Remember(validator.Remember(venue));
        var stored = known.Select(k => k.Id).ToList();
        var venueIds = found.Select(v => v.Id).ToList();
        var links = await db.AssetLocations.AsNoTracking().Where(x => stored.Contains(x.AssetId) && venueIds.Contains(x.LocationId))
            .Select(x => new { x.AssetId, x.LocationId }).ToListAsync(ct);
        foreach (var link in links) _links.Add((link.AssetId, link.LocationId));
        await validator.PrimePostcodesAsync(postcodes, ct);
    }

    /// <summary>The stored listing a row names: by external id within its organisation, or by its own id when it has none.</summary>
    public Match? Find(Guid organisationId, string externalId, Guid ownId) =>
        _byExternalId.GetValueOrDefault((organisationId, externalId))
        ?? (ownId != Guid.Empty && _byId.TryGetValue(ownId, out var byId) && byId.ExternalId is null && byId.OrganisationId == organisationId ? byId : null);

    /// <summary>The external ids the batch's lookup found taken, with the listing holding each (for the writer's uniqueness checks).</summary>
    public IEnumerable<(Guid OrganisationId, string ExternalId, Guid Id)> ExternalIdsTaken =>
        _byExternalId.Select(e => (e.Key.Item1, e.Key.Item2, e.Value.Id));

    /// <summary>The stored listings the batch names, for the pipeline to load in one go.</summary>
    public IReadOnlyCollection<Guid> StoredIds => _byId.Keys;

    /// <summary>Whether a new listing may take this id as its own: no listing has it, nor has this import given it.</summary>
    public bool IdIsFree(Guid id) => !_byId.ContainsKey(id) && !_createdIds.Contains(id);

    public void Created(Guid id, IEnumerable<Location> venues)
    {
        _createdIds.Add(id);
        foreach (var venue in venues) Remember(venue);
    }

    /// <summary>The venues with this name and postcode: the ones the stored listing already meets at first, then by id.</summary>
    public IEnumerable<(Location Venue, bool Linked)> Venues(string name, string postcode, Guid? stored) =>
        (_venues.GetValueOrDefault((name, postcode)) ?? [])
            .Select(v => (Venue: v, Linked: stored is { } id && _links.Contains((id, v.Id))))
            .OrderByDescending(c => c.Linked).ThenBy(c => c.Venue.Id).Take(5);

    private void Remember(Location venue)
    {
        if (!_venues.TryGetValue((venue.Name, venue.Postcode), out var list)) _venues[(venue.Name, venue.Postcode)] = list = [];
        if (!list.Any(v => v.Id == venue.Id)) list.Add(venue);
    }
}
