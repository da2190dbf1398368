using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.ReadModel;

/// <summary>
/// What an audit entry means for the read model: which listings to reload. A listing change reloads it; an
/// organisation, venue or term change reloads every listing showing it (as the database has them now, and as the
/// model had them, so a listing that moved away is refreshed too). Other entries (signposts, feedback) change nothing.
/// </summary>
public static class ModelChanges
{
    public static async Task ApplyAsync(DirectoryDbContext db, DirectoryModel model, IReadOnlyList<ChangeNotice> changes, CancellationToken ct)
    {
        var assets = new HashSet<Guid>();
        foreach (var change in changes.DistinctBy(c => (c.EntityType, c.EntityId)))
        {
            var id = change.EntityId;
            switch (change.EntityType)
            {
                case "asset":
                    assets.Add(id);
                    break;
                case "organisation":
                    // The organisation itself (its own read, even with no listings), then every listing showing it.
                    if ((await ListingLoader.OrganisationsAsync(db, o => o.Id == id, ct)).SingleOrDefault() is { } organisation) model.PutOrganisation(organisation);
                    else model.RemoveOrganisation(id);
                    assets.UnionWith(await db.Assets.Where(a => a.OrganisationId == id).Select(a => a.Id).ToListAsync(ct));
                    assets.UnionWith(model.AssetsOfOrganisation.GetValueOrDefault(id) ?? []);
                    break;
                case "location":
                    if (await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct) is { } venue) model.PutVenue(venue);
                    else model.RemoveVenue(id);
                    assets.UnionWith(await db.AssetLocations.Where(l => l.LocationId == id).Select(l => l.AssetId).ToListAsync(ct));
                    assets.UnionWith(model.AssetsAtVenue.GetValueOrDefault(id) ?? []);
                    break;
                case "taxonomy_term":
                    model.Terms = await ListingLoader.TermsAsync(db, ct);
                    assets.UnionWith(await db.Set<AssetTerm>().Where(t => t.TermId == id).Select(t => t.AssetId).ToListAsync(ct));
                    assets.UnionWith(await db.Assets.Where(a => a.KindId == id).Select(a => a.Id).ToListAsync(ct));
                    break;
            }
        }
        if (assets.Count == 0) return;
        model.Replace(assets, await ListingLoader.LoadAsync(db, model.Terms, model.Text, assets, ct));
    }
}
