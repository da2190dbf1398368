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

/// <summary>How a write treats a stored listing that is deleted.</summary>
public enum DeletedListing
{
    /// <summary>As if it did not exist (the endpoints: a deleted listing is 404 everywhere).</summary>
    Hidden,
    /// <summary>Seen, and refused once scope allows saying so (imports: only /restore brings a listing back).</summary>
    Refused,
    /// <summary>The stored listing must be deleted (restore).</summary>
    Required,
}

/// <summary>One write to a listing, from an endpoint or an import row; <see cref="AssetWriter.WriteAsync"/> carries it out.</summary>
public sealed record ListingCommand(string Action)
{
    /// <summary>The stored listing; null creates one.</summary>
    public Guid? Id { get; init; }
    /// <summary>The id for a new listing (an import keeps a free Open Referral id); null makes one.</summary>
    public Guid? NewId { get; init; }
    /// <summary>The version the writer last saw (If-Match, or the export's version column).</summary>
    public uint? Version { get; init; }
    /// <summary>Write whatever the stored version (an import with on_conflict=overwrite; restore and verify, which change no content).</summary>
    public bool IgnoreVersion { get; init; }
    public DeletedListing Deleted { get; init; } = DeletedListing.Hidden;
    /// <summary>The new body from the stored one (null for a create); returning null means it could not be built. Null leaves the body as it is.</summary>
    public Func<AssetWrite?, AssetWrite?>? Body { get; init; }
    /// <summary>State outside the body (deleted_at, verification); returns whether it changed anything.</summary>
    public Func<Asset, bool>? Alter { get; init; }
    /// <summary>Save nothing when neither the body nor <see cref="Alter"/> changes anything (imports: "unchanged").</summary>
    public bool SkipUnchanged { get; init; }
    /// <summary>What history records as the new state, when it is not the body (a verification); the body otherwise, or null for a delete.</summary>
    public Func<Asset, object?>? Recorded { get; init; }
    /// <summary>Check everything and report the changes, but save nothing (an import's dry run).</summary>
    public bool DryRun { get; init; }
}

public enum WriteOutcome { Saved, Unchanged, NotFound, OutOfScope, Stale, Invalid, Unmergeable, Deleted }

public sealed record WriteResult(WriteOutcome Outcome)
{
    public Asset? Asset { get; init; }
    public Validation? Validation { get; init; }
    /// <summary>For <see cref="WriteOutcome.OutOfScope"/>: which state is outside, in words for the curator.</summary>
    public string? Detail { get; init; }
    public IReadOnlyList<FieldChange> Changes { get; init; } = [];
}

/// <summary>
/// The one write pipeline for listings. Every endpoint and every import row goes through <see cref="WriteAsync"/>, which
/// loads the stored listing, checks scope against it, checks the version, builds and validates the new body, checks scope
/// against the new state and every venue it newly links, applies, and saves the change with its audit entry (in
/// <see cref="AuditLog.SaveAsync"/>, the one place a change is saved). A rule added here holds on every path.
/// </summary>
public sealed class AssetWriter(DirectoryDbContext db, TimeProvider clock, AuditLog audit, AssetValidator validator)
{
    public IQueryable<Asset> WithWriteDetails(IQueryable<Asset> assets) => assets
        .Include(a => a.Kind).Include(a => a.Terms).ThenInclude(t => t.Term).ThenInclude(t => t.Vocabulary)
        .Include(a => a.Costs).Include(a => a.Contacts).Include(a => a.Locations).ThenInclude(l => l.Location)
        .Include(a => a.ServiceAreas).Include(a => a.Schedules).AsSplitQuery();

    public async Task<WriteResult> WriteAsync(ListingCommand command, ClaimsPrincipal user, CancellationToken ct)
    {
        Asset? asset = null;
        AssetWrite? before = null;
        if (command.Id is { } id)
        {
            asset = await WithWriteDetails(db.Assets.IgnoreQueryFilters()).FirstOrDefaultAsync(a => a.Id == id, ct);
            if (asset is null || (asset.DeletedAt is not null && command.Deleted == DeletedListing.Hidden)) return new(WriteOutcome.NotFound);
            if (!Scope.Covers(user, asset)) return OutOfScope("The listing is outside this key's organisations and areas.");
            if ((asset.DeletedAt is not null) != (command.Deleted == DeletedListing.Required))
                return new(command.Deleted == DeletedListing.Required ? WriteOutcome.NotFound : WriteOutcome.Deleted);
            before = ToWrite(asset);
        }

        var after = before;
        ValidAssetWrite? valid = null;
        if (command.Body is not null)
        {
            if (command.Body(before) is not { } body) return new(WriteOutcome.Unmergeable);
            var (checkedBody, validation) = await validator.ValidateAsync(body, ct);
            if (checkedBody is null) return new(WriteOutcome.Invalid) { Validation = validation };
            valid = checkedBody;
            if (!Scope.Covers(user, body.OrganisationId!.Value, [.. valid.Venues.Select(v => v.LocalAuthorityCode)], [.. body.ServiceAreas.Select(s => s.AreaCode)]))
                return OutOfScope("The listing as changed would be outside this key's organisations and areas: every venue and service area must lie in its areas.");
            var linked = asset?.Locations.Select(l => l.LocationId).ToHashSet() ?? [];
            for (var i = 0; i < valid.Venues.Count; i++)
            {
                var venue = valid.Venues[i];
                if (db.Entry(venue).State != EntityState.Detached && !linked.Contains(venue.Id) && !await MayLinkAsync(venue, user, ct))
                    return OutOfScope($"venues[{i}] is used by listings outside this key's scope: describe a new venue instead of linking this one.");
            }
            if (await ExternalIdTakenAsync(body, command.Id, ct))
                return new(WriteOutcome.Invalid) { Validation = One("external_id", "another listing of this organisation already has this external_id.") };
            after = Canonical(valid);
        }

        var changes = FieldChange.Between(before, after);
        var stale = command.Id is not null && !command.IgnoreVersion && command.Version != asset!.Version;
        asset ??= new Asset { Id = command.NewId ?? Guid.CreateVersion7(), Name = after!.Name!, OrganisationId = after.OrganisationId!.Value };
        var altered = command.Alter?.Invoke(asset) ?? false;
        // An import row that changes nothing cannot undo anyone's edit, so it is "unchanged" whatever version it names.
        if (command.SkipUnchanged && command.Id is not null && changes.Count == 0 && !altered) return new(WriteOutcome.Unchanged) { Asset = asset };
        if (stale) return new(WriteOutcome.Stale) { Asset = asset, Changes = changes };
        if (command.DryRun) return new(WriteOutcome.Saved) { Asset = asset, Changes = changes };

        if (valid is not null) Apply(asset, valid);
        // Always touched, so the row version moves and a concurrent stale write is refused even when only children change.
        asset.UpdatedAt = clock.GetUtcNow();
        if (command.Id is null) db.Assets.Add(asset);
        // The version read above, so a write that lands between that read and this save is detected too.
        else db.Entry(asset).Property(a => a.Version).OriginalValue = asset.Version;
        var recorded = command.Recorded is { } record ? record(asset) : command.Action == "deleted" ? null : after;
        var recordedBefore = command.Recorded is null ? before : null;
        if (!await audit.SaveAsync("asset", asset.Id, command.Action, user.Actor(), recordedBefore, recorded, ct, async () =>
            {
                await AssetSearchDocument.RefreshAsync(db, [asset.Id], ct);
                await ChangeBackfill.VenuesOfAsync(db, asset.Id, ct);
            }))
            return new(WriteOutcome.Stale) { Asset = asset };
        return new(WriteOutcome.Saved) { Asset = asset, Changes = changes };
    }

    // Venues this request already found linkable: an import links the same hall to many listings.
    private readonly HashSet<Guid> _linkable = [];

    /// <summary>Whether the user may link this existing venue to a listing (<see cref="Scope.MayLinkVenueAsync"/>), remembered for the request.</summary>
    public async Task<bool> MayLinkAsync(Location venue, ClaimsPrincipal user, CancellationToken ct)
    {
        if (_linkable.Contains(venue.Id)) return true;
        if (!await Scope.MayLinkVenueAsync(db, user, venue, ct)) return false;
        _linkable.Add(venue.Id);
        return true;
    }

    private static WriteResult OutOfScope(string detail) => new(WriteOutcome.OutOfScope) { Detail = detail };

    private static Validation One(string field, string message)
    {
        var v = new Validation();
        v.Add(field, message);
        return v;
    }

    private Task<bool> ExternalIdTakenAsync(AssetWrite body, Guid? self, CancellationToken ct) =>
        body.ExternalId is { } externalId
            ? db.Assets.IgnoreQueryFilters().AnyAsync(a => a.OrganisationId == body.OrganisationId && a.ExternalId == externalId && a.Id != self, ct)
            : Task.FromResult(false);

    /// <summary>The listing as a write body: what PATCH merges into and what history records.</summary>
    public static AssetWrite ToWrite(Asset a)
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
    public static AssetWrite Canonical(ValidAssetWrite valid)
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

    private void Apply(Asset asset, ValidAssetWrite valid)
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
            if (db.Entry(venue).State == EntityState.Detached) db.Locations.Add(venue);
            asset.Locations.Add(links.GetValueOrDefault(venue.Id) ?? new AssetLocation { Id = Guid.CreateVersion7(), LocationId = venue.Id, Location = venue });
        }
        ChildIds.Keep(asset.Schedules, w.Schedules.Select(s => ScheduleRules.Normalise(new Schedule
        {
            LocationId = s.Venue is { } index ? valid.Venues[index].Id : null, Frequency = s.Frequency, Day = s.Day, WeekOfMonth = s.WeekOfMonth,
            StartTime = s.Start, EndTime = s.End, ValidFrom = s.ValidFrom, ValidUntil = s.ValidUntil, Notes = s.Notes,
        })), s => (s.LocationId, s.Frequency, s.Day, s.WeekOfMonth, s.StartTime, s.EndTime, s.ValidFrom, s.ValidUntil, s.Notes));
    }
}
