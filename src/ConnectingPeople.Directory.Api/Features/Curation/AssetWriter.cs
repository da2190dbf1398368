using System.Security.Claims;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Features.Schedules;
using ConnectingPeople.Directory.Api.Features.Search;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Curation;

/// <summary>
/// Applies curator writes to listings: scope checks, the whole change and its audit entry in one transaction, the
/// search document refreshed, and the row version checked so a stale edit can never overwrite a newer one.
/// </summary>
public sealed class AssetWriter(DirectoryDbContext db, TimeProvider clock, AuditLog audit)
{
    public IQueryable<Asset> WithWriteDetails(IQueryable<Asset> assets) => assets
        .Include(a => a.Kind).Include(a => a.Terms).ThenInclude(t => t.Term).ThenInclude(t => t.Vocabulary)
        .Include(a => a.Costs).Include(a => a.Contacts).Include(a => a.Locations).ThenInclude(l => l.Location)
        .Include(a => a.ServiceAreas).Include(a => a.Schedules).AsSplitQuery();

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
            Costs = [.. a.Costs.OrderBy(c => c.Kind).ThenBy(c => c.Amount).Select(c => new CostWrite(c.Kind, c.Amount, c.Per, c.Description))],
            Contacts = [.. a.Contacts.OrderBy(c => c.Name).Select(c => new ContactWrite(c.Name, c.Role, c.Email, c.Phone))],
            Venues = [.. venues.Select(l => new VenueWrite { LocationId = l.LocationId, Name = l.Location.Name, Postcode = l.Location.Postcode })],
            ServiceAreas = [.. a.ServiceAreas.OrderBy(s => s.AreaCode).Select(s => new ServiceAreaWrite(s.AreaCode, s.Name))],
            Schedules = [.. a.Schedules.OrderBy(s => s.Day).ThenBy(s => s.StartTime).Select(s => new ScheduleWrite
            {
                Venue = s.LocationId is { } id ? venues.FindIndex(l => l.LocationId == id) : null, Frequency = s.Frequency, Day = s.Day,
                WeekOfMonth = s.WeekOfMonth, Start = s.StartTime, End = s.EndTime, ValidFrom = s.ValidFrom, ValidUntil = s.ValidUntil, Notes = s.Notes,
            })],
        };
    }

    /// <summary>Curators write inside their organisations or areas (a venue's or service area's authority); admins anywhere.</summary>
    public static bool InScope(ClaimsPrincipal user, Guid organisationId, IEnumerable<string?> areaCodes)
    {
        if (user.IsAdmin()) return true;
        if (!user.IsInRole(Roles.Curator)) return false;
        var areas = user.Areas();
        return user.Organisations().Contains(organisationId) || areaCodes.Any(c => c is not null && areas.Contains(c));
    }

    /// <summary>The listings a user may curate, as SQL: all for an admin; for a curator, their organisations' and areas'.</summary>
    public static IQueryable<Asset> InScopeOf(IQueryable<Asset> assets, ClaimsPrincipal user)
    {
        if (user.IsAdmin()) return assets;
        var organisations = user.Organisations().ToList();
        var areas = user.Areas().ToList();
        return assets.Where(a => organisations.Contains(a.OrganisationId)
            || a.Locations.Any(l => areas.Contains(l.Location.LocalAuthorityCode!))
            || a.ServiceAreas.Any(s => areas.Contains(s.AreaCode)));
    }

    public static IEnumerable<string?> AreasOf(Asset a) =>
        a.Locations.Select(l => l.Location.LocalAuthorityCode).Concat(a.ServiceAreas.Select(s => (string?)s.AreaCode));

    public static IEnumerable<string?> AreasOf(ValidAssetWrite w) =>
        w.Venues.Select(v => v.LocalAuthorityCode).Concat(w.Write.ServiceAreas.Select(s => (string?)s.AreaCode));

    public void Apply(Asset asset, ValidAssetWrite valid)
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
        // Always touched, so the row version moves and a concurrent stale write is refused even when only children change.
        asset.UpdatedAt = clock.GetUtcNow();

        asset.Terms.Clear();
        asset.Terms.AddRange(valid.TermIds.Select(id => new AssetTerm { TermId = id }));
        asset.Costs.Clear();
        asset.Costs.AddRange(w.Costs.Select(c => new AssetCost { Kind = c.Kind, Amount = c.Amount, Per = c.Per, Description = c.Description }));
        asset.Contacts.Clear();
        asset.Contacts.AddRange(w.Contacts.Select(c => new AssetContact { Name = c.Name, Role = c.Role, Email = c.Email, Phone = c.Phone }));
        asset.ServiceAreas.Clear();
        asset.ServiceAreas.AddRange(w.ServiceAreas.Select(s => new ServiceArea { Name = s.Name ?? valid.AreaNames[s.AreaCode], AreaCode = s.AreaCode }));

        // Keep the service_at_location id of a venue the listing already had: Open Referral consumers hold it.
        var links = asset.Locations.ToDictionary(l => l.LocationId);
        asset.Locations.Clear();
        foreach (var venue in valid.Venues.DistinctBy(v => v.Id))
        {
            if (db.Entry(venue).State == EntityState.Detached) db.Locations.Add(venue);
            asset.Locations.Add(links.GetValueOrDefault(venue.Id) ?? new AssetLocation { Id = Guid.CreateVersion7(), LocationId = venue.Id, Location = venue });
        }
        asset.Schedules.Clear();
        asset.Schedules.AddRange(w.Schedules.Select(s => ScheduleRules.Normalise(new Schedule
        {
            LocationId = s.Venue is { } index ? valid.Venues[index].Id : null, Frequency = s.Frequency, Day = s.Day, WeekOfMonth = s.WeekOfMonth,
            StartTime = s.Start, EndTime = s.End, ValidFrom = s.ValidFrom, ValidUntil = s.ValidUntil, Notes = s.Notes,
        })));
    }

    /// <summary>Saves the tracked changes, the search document and the audit entry together, or nothing.</summary>
    /// <param name="after">The body as applied (null for a delete): what history shows the listing became.</param>
    /// <returns>False when the row version had moved on: someone else saved first, and nothing was written.</returns>
    public Task<bool> SaveAsync(Asset asset, string action, string actor, AssetWrite? before, AssetWrite? after, CancellationToken ct) =>
        audit.SaveAsync("asset", asset.Id, action, actor, before, after, ct, async () =>
        {
            await AssetSearchDocument.RefreshAsync(db, [asset.Id], ct);
            await ChangeBackfill.VenuesOfAsync(db, asset.Id, ct);
        });
}

/// <summary>The audit trail and changes feed: appended inside the writer's transaction.</summary>
public sealed class AuditLog(DirectoryDbContext db, TimeProvider clock)
{
    // Held from numbering the entry until commit, so entry ids follow commit order.
    internal const long ChangesLockKey = 0x4368616e676573;

    public static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>
    /// Saves the tracked changes and their audit entry in one transaction (the caller's, inside an import), with
    /// anything else that must go with them. False when a row version had moved on: nothing is written then.
    /// </summary>
    public async Task<bool> SaveAsync(string entityType, Guid entityId, string action, string actor, object? before, object? after,
        CancellationToken ct, Func<Task>? alongside = null)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
        if (alongside is not null) await alongside();
        await AppendAsync(entityType, entityId, action, actor, before, after, ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        return true;
    }

    public async Task AppendAsync(string entityType, Guid entityId, string action, string actor, object? before, object? after, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChangesLockKey})", ct);
        db.AuditEntries.Add(new AuditEntry
        {
            EntityType = entityType, EntityId = entityId, Action = action, Actor = actor, At = clock.GetUtcNow(),
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        });
        await db.SaveChangesAsync(ct);
        // Delivered at commit, to every node's read model (ReadModel/ModelSync), which then reads the feed past its cursor.
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({ReadModel.ModelSync.Channel}, '')", ct);
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Shared.ApiSetup.Configure(options);
        return options;
    }
}
