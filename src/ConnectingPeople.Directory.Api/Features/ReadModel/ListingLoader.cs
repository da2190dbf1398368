using System.Linq.Expressions;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.ReadModel;

/// <summary>The listings (with venues and organisations) as the read model holds them.</summary>
/// <remarks><paramref name="SearchWords"/>: each listing's search text as <see cref="Text.ListingText.Encode"/> makes its word numbers (null when not plain).</remarks>
public sealed record LoadedListings(List<Asset> Assets, List<Location> Locations, List<Organisation> Organisations, Dictionary<Guid, byte[]?> SearchWords);

/// <summary>
/// Reads listings for the read model: what anonymous search and listing detail show (the search text is kept as word
/// numbers by <see cref="Text.ModelText"/>, not as text), one flat query per table rather than one wide join, and children attached in
/// memory. The same code loads everything at start and reloads the few listings a change touched.
/// </summary>
public static class ListingLoader
{
    public static async Task<LoadedListings> LoadAsync(DirectoryDbContext db, IReadOnlyDictionary<Guid, TaxonomyTerm> terms, Text.ModelText text,
        IReadOnlyCollection<Guid>? ids, CancellationToken ct)
    {
        var list = ids?.ToList();
        Expression<Func<Asset, bool>> wanted = list is null ? _ => true : a => list.Contains(a.Id);
        var query = db.Assets.AsNoTracking().Where(wanted).Select(a => new Asset
        {
            Id = a.Id, OrganisationId = a.OrganisationId, Name = a.Name, Summary = a.Summary, KindId = a.KindId, Status = a.Status,
            AcceptingNewMembers = a.AcceptingNewMembers, MinAge = a.MinAge, MaxAge = a.MaxAge, DeliveryModes = a.DeliveryModes,
            LastVerifiedAt = a.LastVerifiedAt, Version = a.Version, UpdatedAt = a.UpdatedAt, SearchText = a.SearchText,
            Description = a.Description, HowToJoin = a.HowToJoin, NewcomerInfo = a.NewcomerInfo, CompanionsWelcome = a.CompanionsWelcome,
            Languages = a.Languages, Website = a.Website, VerificationMethod = a.VerificationMethod, CreatedAt = a.CreatedAt,
        });
        // Each search text becomes word numbers as its row arrives, so the texts (the largest strings read) are never
        // all held at once.
        var strings = new SharedStrings();
        var assets = new List<Asset>();
        var searchWords = new Dictionary<Guid, byte[]?>();
        await foreach (var a in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            searchWords[a.Id] = Text.ListingText.Encode(text.Words(a.SearchText));
            a.SearchText = "";
            a.Summary = strings.Share(a.Summary);
            a.NewcomerInfo = strings.Share(a.NewcomerInfo);
            a.Website = strings.Share(a.Website);
            assets.Add(a);
        }
        // Most listings share a handful of language and delivery lists: keep one copy of each.
        var lists = new Dictionary<string, string[]>();
        string[] Shared(string[] list) => list.Length == 0 ? [] : lists.TryAdd(string.Join('\n', list), list) ? list : lists[string.Join('\n', list)];
        foreach (var a in assets)
        {
            a.Languages = Shared(a.Languages);
            a.DeliveryModes = Shared(a.DeliveryModes);
        }
        var byId = assets.ToDictionary(a => a.Id);
        var ofAssets = db.Assets.Where(wanted);

        // One link object per term, shared by every listing with it (the links are a listing's most numerous children,
        // and no read looks at a link's AssetId: the listing holding it is the one it belongs to).
        var termLinks = new Dictionary<Guid, AssetTerm>();
        var assetTerms = db.Set<AssetTerm>().AsNoTracking().Where(t => ofAssets.Any(a => a.Id == t.AssetId)).Select(t => new { t.AssetId, t.TermId });
        await foreach (var t in assetTerms.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!byId.TryGetValue(t.AssetId, out var a) || !terms.TryGetValue(t.TermId, out var term)) continue;
            if (!termLinks.TryGetValue(t.TermId, out var link)) termLinks[t.TermId] = link = new AssetTerm { TermId = t.TermId, Term = term };
            a.Terms.Add(link);
        }
        foreach (var c in await db.Set<AssetCost>().AsNoTracking().Where(c => ofAssets.Any(a => a.Id == c.AssetId)).ToListAsync(ct))
        {
            c.Description = strings.Share(c.Description);
            if (byId.TryGetValue(c.AssetId, out var a)) a.Costs.Add(c);
        }
        foreach (var c in await db.Set<AssetContact>().AsNoTracking().Where(c => ofAssets.Any(a => a.Id == c.AssetId)).ToListAsync(ct))
        {
            c.Name = strings.Share(c.Name);
            c.Role = strings.Share(c.Role);
            if (byId.TryGetValue(c.AssetId, out var a)) a.Contacts.Add(c);
        }
        foreach (var s in await db.Schedules.AsNoTracking().Where(s => ofAssets.Any(a => a.Id == s.AssetId)).ToListAsync(ct))
        {
            s.Rrule = strings.Share(s.Rrule);
            s.Notes = strings.Share(s.Notes);
            if (byId.TryGetValue(s.AssetId, out var a)) a.Schedules.Add(s);
        }
        foreach (var s in await db.ServiceAreas.AsNoTracking().Where(s => ofAssets.Any(a => a.Id == s.AssetId)).ToListAsync(ct))
        {
            s.Name = strings.Share(s.Name);
            s.AreaCode = strings.Share(s.AreaCode);
            if (byId.TryGetValue(s.AssetId, out var a)) a.ServiceAreas.Add(s);
        }
        var links = await db.AssetLocations.AsNoTracking().Where(l => ofAssets.Any(a => a.Id == l.AssetId))
            .Select(l => new AssetLocation { Id = l.Id, AssetId = l.AssetId, LocationId = l.LocationId }).ToListAsync(ct);

        var locations = await db.Locations.AsNoTracking()
            .Where(l => list == null || db.AssetLocations.Any(x => x.LocationId == l.Id && list.Contains(x.AssetId))).ToListAsync(ct);
        foreach (var l in locations)
        {
            l.Name = strings.Share(l.Name);
            l.Address1 = strings.Share(l.Address1);
            l.Address2 = strings.Share(l.Address2);
            l.Town = strings.Share(l.Town);
            l.LocalAuthorityCode = strings.Share(l.LocalAuthorityCode);
            l.WardCode = strings.Share(l.WardCode);
        }
        var locationIds = locations.Select(l => l.Id).ToHashSet();
        foreach (var l in links)
            if (byId.TryGetValue(l.AssetId, out var a) && locationIds.Contains(l.LocationId)) a.Locations.Add(l);

        var organisationIds = assets.Select(a => a.OrganisationId).Distinct().ToList();
        var organisations = await OrganisationsAsync(db, o => list == null || organisationIds.Contains(o.Id), ct);
        var organisationsById = organisations.ToDictionary(o => o.Id);
        // A listing whose organisation is deleted is not shown (the database path's join drops it the same way).
        assets.RemoveAll(a => !organisationsById.ContainsKey(a.OrganisationId));
        foreach (var a in assets)
        {
            a.Organisation = organisationsById[a.OrganisationId];
            a.Kind = a.KindId is { } kind ? terms.GetValueOrDefault(kind) : null;
        }
        return new LoadedListings(assets, locations, organisations, searchWords);
    }

    /// <summary>Organisations as their reads show them (without their listings).</summary>
    public static Task<List<Organisation>> OrganisationsAsync(DirectoryDbContext db, Expression<Func<Organisation, bool>> wanted, CancellationToken ct) =>
        db.Organisations.AsNoTracking().Where(wanted).Select(o => new Organisation
        {
            Id = o.Id, Name = o.Name, Description = o.Description, Website = o.Website, Email = o.Email, Phone = o.Phone,
            CreatedAt = o.CreatedAt, UpdatedAt = o.UpdatedAt, Version = o.Version,
        }).ToListAsync(ct);

    public static async Task<Dictionary<Guid, TaxonomyTerm>> TermsAsync(DirectoryDbContext db, CancellationToken ct) =>
        await db.TaxonomyTerms.AsNoTracking().Include(t => t.Vocabulary)
            .Select(t => new TaxonomyTerm { Id = t.Id, Code = t.Code, Name = t.Name, Description = t.Description, ParentId = t.ParentId, Synonyms = t.Synonyms, Path = t.Path, VocabularyId = t.VocabularyId, Vocabulary = t.Vocabulary })
            .ToDictionaryAsync(t => t.Id, ct);
}
