using System.Security.Claims;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Features.Schedules;
using ConnectingPeople.Directory.Api.Features.Search;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Location = ConnectingPeople.Directory.Api.Data.Entities.Location;

namespace ConnectingPeople.Directory.Api.Features.Curation;

/// <summary>One write to a listing, from an endpoint or an import row; <see cref="AssetWriter"/> carries it out.</summary>
public sealed record ListingCommand(string Action) : WriteCommand<Asset, AssetWrite>(Action);

/// <summary>
/// The listing rules of the one write pipeline (<see cref="RecordWriter{TEntity,TWrite,TValid}"/>): a listing is in scope
/// by <see cref="Scope.Covers(ClaimsPrincipal, Asset)"/> as stored and as changed, every venue it newly links must be
/// linkable, and its external id is unique within its organisation.
/// </summary>
public sealed class AssetWriter(DirectoryDbContext db, TimeProvider clock, AuditLog audit, AssetValidator validator)
    : RecordWriter<Asset, AssetWrite, ValidAssetWrite>(db, clock, audit)
{
    public IQueryable<Asset> WithWriteDetails(IQueryable<Asset> assets) => assets
        .Include(a => a.Kind).Include(a => a.Terms).ThenInclude(t => t.Term).ThenInclude(t => t.Vocabulary)
        .Include(a => a.Costs).Include(a => a.Contacts).Include(a => a.Locations).ThenInclude(l => l.Location)
        .Include(a => a.ServiceAreas).Include(a => a.Schedules).AsSplitQuery();

    protected override string EntityType => "asset";

    protected override Task<Asset?> LoadAsync(Guid id, CancellationToken ct) =>
        WithWriteDetails(Db.Assets.IgnoreQueryFilters()).FirstOrDefaultAsync(a => a.Id == id, ct);

    protected override AssetWrite ToWrite(Asset stored) => ToWriteBody(stored);

    protected override Task<WriteResult<Asset>?> OutsideStoredAsync(ClaimsPrincipal user, Asset stored, CancellationToken ct) =>
        Task.FromResult(Scope.Covers(user, stored) ? null : WriteResult<Asset>.OutOfScope("The listing is outside this key's organisations and areas."));

    protected override Task<(ValidAssetWrite? Valid, Validation Validation)> ValidateAsync(AssetWrite body, AssetWrite? before, CancellationToken ct) =>
        validator.ValidateAsync(body, ct);

    protected override async Task<WriteResult<Asset>?> RefuseNewAsync(ClaimsPrincipal user, Asset? stored, AssetWrite body, ValidAssetWrite valid, CancellationToken ct)
    {
        if (!Scope.Covers(user, body.OrganisationId!.Value, [.. valid.Venues.Select(v => v.LocalAuthorityCode)], [.. body.ServiceAreas.Select(s => s.AreaCode)]))
            return WriteResult<Asset>.OutOfScope("The listing as changed would be outside this key's organisations and areas: every venue and service area must lie in its areas.");
        var linked = stored?.Locations.Select(l => l.LocationId).ToHashSet() ?? [];
        for (var i = 0; i < valid.Venues.Count; i++)
        {
            var venue = valid.Venues[i];
            if (Db.Entry(venue).State != EntityState.Detached && !linked.Contains(venue.Id) && !await MayLinkAsync(venue, user, ct))
                return WriteResult<Asset>.OutOfScope($"venues[{i}] is used by listings outside this key's scope: describe a new venue instead of linking this one.");
        }
        if (await ExternalIdTakenAsync(body, stored?.Id, ct))
            return WriteResult<Asset>.Invalid("external_id", "another listing of this organisation already has this external_id.");
        return null;
    }

    protected override AssetWrite Canonical(ValidAssetWrite valid) => CanonicalBody(valid);

    protected override Asset Create(Guid id, ValidAssetWrite valid) =>
        new() { Id = id, Name = valid.Write.Name!, OrganisationId = valid.Write.OrganisationId!.Value };

    protected override async Task<IReadOnlyList<Asset>> LoadManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        await WithWriteDetails(Db.Assets.IgnoreQueryFilters()).Where(a => ids.Contains(a.Id)).ToListAsync(ct);

    // One statement each for the whole batch, not one per listing.
    protected override async Task AlongsideAsync(IReadOnlyList<Asset> assets, CancellationToken ct)
    {
        var ids = assets.Select(a => a.Id).ToList();
        await AssetSearchDocument.RefreshAsync(Db, ids, ct);
        await ChangeBackfill.VenuesOfAsync(Db, ids, ct);
    }

    // The external ids a batch's listings take, as the batch's lookup found them (PrimeExternalIds) and kept up to date
    // as its writes are staged: (organisation, external id) to the listing that has it, or null when free.
    private readonly Dictionary<(Guid, string), Guid?> _externalIds = [];

    /// <summary>
    /// Takes which of these external ids the organisations' listings already use (<paramref name="taken"/>, which the
    /// batch's own lookup read: ImportLookups), so the batch's uniqueness checks need no query each.
    /// </summary>
    /// <param name="replace">Forget the ids known before (the batches before are saved by now, so the database answers for them).</param>
    public void PrimeExternalIds(IReadOnlyCollection<Guid> organisations, IReadOnlyCollection<string> externalIds,
        IEnumerable<(Guid OrganisationId, string ExternalId, Guid Id)> taken, bool replace = true)
    {
        if (replace) _externalIds.Clear();
        foreach (var organisation in organisations.Distinct())
            foreach (var externalId in externalIds.Distinct()) _externalIds[(organisation, externalId)] = null;
        foreach (var (organisation, externalId, id) in taken) _externalIds[(organisation, externalId)] = id;
    }

    protected override void Staged(Asset asset, bool created)
    {
        // (Entry is not free, and a new listing gives up no external id.)
        if (!created && Db.Entry(asset).Property(a => a.ExternalId).OriginalValue is { } was && was != asset.ExternalId && _externalIds.ContainsKey((asset.OrganisationId, was)))
            _externalIds[(asset.OrganisationId, was)] = null;
        if (asset.ExternalId is { } externalId && _externalIds.ContainsKey((asset.OrganisationId, externalId))) _externalIds[(asset.OrganisationId, externalId)] = asset.Id;
    }

    // Venues this request already found linkable: an import links the same hall to many listings.
    private readonly HashSet<Guid> _linkable = [];

    /// <summary>Whether the user may link this existing venue to a listing (<see cref="Scope.MayLinkVenueAsync"/>), remembered for the request.</summary>
    public async Task<bool> MayLinkAsync(Location venue, ClaimsPrincipal user, CancellationToken ct)
    {
        if (_linkable.Contains(venue.Id)) return true;
        if (!await Scope.MayLinkVenueAsync(Db, user, venue, ct)) return false;
        _linkable.Add(venue.Id);
        return true;
    }

    private Task<bool> ExternalIdTakenAsync(AssetWrite body, Guid? self, CancellationToken ct) =>
        body.ExternalId is not { } externalId ? Task.FromResult(false)
        : _externalIds.TryGetValue((body.OrganisationId!.Value, externalId), out var holder) ? Task.FromResult(holder is { } id && id != self)
        : Db.Assets.IgnoreQueryFilters().AnyAsync(a => a.OrganisationId == body.OrganisationId && a.ExternalId == externalId && a.Id != self, ct);

    /// <summary>The listing as a write body: what PATCH merges into, what history records and what an export writes.</summary>
    public static AssetWrite ToWriteBody(Asset a)
    {
        var venues = a.Locations.OrderBy(l => l.Location.Name).ThenBy(l => l.LocationId).ToList();
        string[] Codes(string vocabulary) => [.. a.Terms.Where(t => t.Term.Vocabulary.Code == vocabulary).Select(t => t.Term.Code).Order()];
        return new AssetWrite
        {
            OrganisationId = a.OrganisationId, Name = a.Name, Summary = a.Summary, Description = a.Description, Kind = a.Kind?.Code,
            Status = a.Status, HowToJoin = a.HowToJoin, NewcomerInfo = a.NewcomerInfo, CompanionsWelcome = a.CompanionsWelcome,
            AcceptingNewMembers = a.AcceptingNewMembers, MinAge = a.MinAge, MaxAge = a.MaxAge, Languages = a.Languages,
            DeliveryModes = a.DeliveryModes, Website = a.Website, ExternalId = a.ExternalId,
            Interests = Codes("interests"), Audiences = Codes("audiences"), Accessibility = Codes("accessibility"),
            Costs = [.. a.Costs.Select(c => new CostWrite(c.Kind, Money(c.Amount), c.Per, c.Description)).OrderBy(CostOrder)],
            Contacts = [.. a.Contacts.Select(c => new ContactWrite(c.Name, c.Role, c.Email, c.Phone)).OrderBy(ContactOrder, StringComparer.Ordinal)],
            Venues = [.. venues.Select(l => new VenueWrite { LocationId = l.LocationId, Name = l.Location.Name, Postcode = l.Location.Postcode })],
            ServiceAreas = [.. a.ServiceAreas.OrderBy(s => s.AreaCode, StringComparer.Ordinal).Select(s => new ServiceAreaWrite(s.AreaCode, s.Name))],
            Schedules = [.. a.Schedules.Select(s => new ScheduleWrite
            {
                Venue = s.LocationId is { } id ? venues.FindIndex(l => l.LocationId == id) : null, Frequency = s.Frequency, Day = s.Day,
                WeekOfMonth = s.WeekOfMonth, Start = s.StartTime, End = s.EndTime, ValidFrom = s.ValidFrom, ValidUntil = s.ValidUntil, Notes = s.Notes,
            }).OrderBy(ScheduleOrder, StringComparer.Ordinal)],
        };
    }

    /// <summary>
    /// A validated body in the shape <see cref="ToWrite"/> gives the stored listing (venues by id with their name and
    /// postcode, lists in one order), so the two compare field by field and history shows what the listing became.
    /// </summary>
    public static AssetWrite CanonicalBody(ValidAssetWrite valid)
    {
        var w = valid.Write;
        var venues = valid.Venues.DistinctBy(v => v.Id).OrderBy(v => v.Name).ThenBy(v => v.Id).ToList();
        int? VenueIndex(int? given) => given is { } i ? venues.FindIndex(v => v.Id == valid.Venues[i].Id) : null;
        return w with
        {
            Interests = [.. w.Interests.Distinct().Order(StringComparer.Ordinal)], Audiences = [.. w.Audiences.Distinct().Order(StringComparer.Ordinal)],
            Accessibility = [.. w.Accessibility.Distinct().Order(StringComparer.Ordinal)],
            Costs = [.. w.Costs.Select(c => c with { Amount = Money(c.Amount) }).OrderBy(CostOrder)],
            Contacts = [.. w.Contacts.OrderBy(ContactOrder, StringComparer.Ordinal)],
            Venues = [.. venues.Select(v => new VenueWrite { LocationId = v.Id, Name = v.Name, Postcode = v.Postcode })],
            ServiceAreas = [.. w.ServiceAreas.OrderBy(s => s.AreaCode, StringComparer.Ordinal).Select(s => new ServiceAreaWrite(s.AreaCode, s.Name ?? valid.AreaNames[s.AreaCode]))],
            Schedules = [.. w.Schedules.Select(s => s with { Venue = VenueIndex(s.Venue) }).OrderBy(ScheduleOrder, StringComparer.Ordinal)],
        };
    }

    /// <summary>An amount as the database keeps it (two places), so 2.5 and 2.50 compare as the same price.</summary>
    private static decimal? Money(decimal? amount) => amount is { } a ? decimal.Round(a, 2) + 0.00m : null;

    private static (int, decimal?, int?, string?) CostOrder(CostWrite c) => ((int)c.Kind, c.Amount, (int?)c.Per, c.Description);

    private static string ContactOrder(ContactWrite c) => $"{c.Name}\u001f{c.Role}\u001f{c.Email}\u001f{c.Phone}";

    private static string ScheduleOrder(ScheduleWrite s) =>
        $"{(int)s.Day:D2}{s.Start:HH\\:mm}{s.End:HH\\:mm}{s.Venue}\u001f{s.Frequency}{s.WeekOfMonth}{s.ValidFrom}{s.ValidUntil}{s.Notes}";

    protected override void Apply(Asset asset, ValidAssetWrite valid)
    {
        var w = valid.Write;
        asset.OrganisationId = w.OrganisationId!.Value;
        asset.Name = w.Name!;
        asset.Summary = w.Summary;
        asset.Description = w.Description;
        asset.KindId = valid.KindId;
        asset.Status = w.Status;
        asset.HowToJoin = w.HowToJoin;
        asset.NewcomerInfo = w.NewcomerInfo;
        asset.CompanionsWelcome = w.CompanionsWelcome;
        asset.AcceptingNewMembers = w.AcceptingNewMembers;
        asset.MinAge = w.MinAge;
        asset.MaxAge = w.MaxAge;
        asset.Languages = w.Languages;
        asset.DeliveryModes = w.DeliveryModes;
        asset.Website = w.Website;
        asset.ExternalId = w.ExternalId;

        var terms = valid.TermIds.ToHashSet();
        asset.Terms.RemoveAll(t => !terms.Contains(t.TermId));
        asset.Terms.AddRange(terms.Except(asset.Terms.Select(t => t.TermId)).Select(id => new AssetTerm { TermId = id }));
        ChildIds.Keep(asset.Costs, w.Costs.Select(c => new AssetCost { Kind = c.Kind, Amount = c.Amount, Per = c.Per, Description = c.Description }),
            c => (c.Kind, c.Amount, c.Per, c.Description));
        ChildIds.Keep(asset.Contacts, w.Contacts.Select(c => new AssetContact { Name = c.Name, Role = c.Role, Email = c.Email, Phone = c.Phone }),
            c => (c.Name, c.Role, c.Email, c.Phone));
        ChildIds.Keep(asset.ServiceAreas, w.ServiceAreas.Select(s => new ServiceArea { Name = s.Name ?? valid.AreaNames[s.AreaCode], AreaCode = s.AreaCode }),
            s => (s.AreaCode, s.Name));

        // Keep the service_at_location id of a venue the listing already had: Open Referral consumers hold it.
        var links = asset.Locations.ToDictionary(l => l.LocationId);
        asset.Locations.Clear();
        foreach (var venue in valid.Venues.DistinctBy(v => v.Id))
        {
            if (Db.Entry(venue).State == EntityState.Detached) Db.Locations.Add(venue);
            asset.Locations.Add(links.GetValueOrDefault(venue.Id) ?? new AssetLocation { Id = Guid.CreateVersion7(), LocationId = venue.Id, Location = venue });
        }
        ChildIds.Keep(asset.Schedules, w.Schedules.Select(s => ScheduleRules.Normalise(new Schedule
        {
            LocationId = s.Venue is { } index ? valid.Venues[index].Id : null, Frequency = s.Frequency, Day = s.Day, WeekOfMonth = s.WeekOfMonth,
            StartTime = s.Start, EndTime = s.End, ValidFrom = s.ValidFrom, ValidUntil = s.ValidUntil, Notes = s.Notes,
        })), s => (s.LocationId, s.Frequency, s.Day, s.WeekOfMonth, s.StartTime, s.EndTime, s.ValidFrom, s.ValidUntil, s.Notes));
    }
}
