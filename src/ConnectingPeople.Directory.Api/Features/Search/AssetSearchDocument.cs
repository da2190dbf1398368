using ConnectingPeople.Directory.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>
/// Rebuilds assets.search_text, the one text free-text search reads: the listing's own words plus its organisation,
/// kind, and every taxonomy term's name and synonyms (so "rambling" finds a walking group). The tsvector column is
/// generated from it by PostgreSQL. Call after any write that changes those.
/// </summary>
public static class AssetSearchDocument
{
    private const string Update = """
        UPDATE directory.assets a SET search_text = concat_ws(' ',
            a.name, a.summary, a.description, o.name, k.name,
            (SELECT string_agg(t.name || ' ' || array_to_string(t.synonyms, ' '), ' ')
               FROM directory.asset_terms at JOIN directory.taxonomy_terms t ON t.id = at.term_id
              WHERE at.asset_id = a.id))
        FROM directory.organisations o, directory.assets a2
        LEFT JOIN directory.taxonomy_terms k ON k.id = a2.kind_id
        WHERE o.id = a.organisation_id AND a2.id = a.id
        """;

    /// <summary>
    /// The listings named (every listing for null). Two statements, not one with "all OR id = ANY(ids)", so the one a
    /// write runs (auto-prepared, and possibly planned generically) can always find its listings by primary key.
    /// </summary>
    public static Task<int> RefreshAsync(DirectoryDbContext db, IReadOnlyCollection<Guid>? assetIds, CancellationToken ct) =>
        assetIds is null
            ? db.Database.ExecuteSqlRawAsync(Update, ct)
            : db.Database.ExecuteSqlRawAsync(Update + " AND a.id = ANY({0})", [assetIds.ToArray()], ct);
}
