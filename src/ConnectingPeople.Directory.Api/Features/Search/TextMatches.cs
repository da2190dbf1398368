using ConnectingPeople.Directory.Api.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>
/// Which field each search word matched, per listing, for <see cref="SearchRelevance"/>. The tests per field are the
/// filter's (<see cref="AssetFilters.MatchingText"/>) applied to one field at a time: an English stem through
/// to_tsvector, or (for words of four letters or more) a near spelling through pg_trgm's word similarity operator.
/// Terms are joined in the order of their ids: word similarity reads text in order, so the order must be one the
/// read model (<c>TextQuery</c>) can repeat.
/// </summary>
public static class TextMatches
{
    public sealed record Row(Guid AssetId, int Word, int Name, int Interests, int Summary, int Description, int OtherTerms, int Organisation);

    private static string Level(string field) =>
        $"CASE WHEN to_tsvector('english', coalesce({field}, '')) @@ plainto_tsquery('english', w.word) THEN 2 "
        + $"WHEN length(w.word) >= 4 AND w.word <% coalesce({field}, '') THEN 1 ELSE 0 END";

    private static readonly string Sql = $"""
        SELECT a.id AS asset_id, w.i::int - 1 AS word,
               {Level("a.name")} AS name, {Level("t.interests")} AS interests, {Level("a.summary")} AS summary,
               {Level("a.description")} AS description, {Level("t.other_terms")} AS other_terms, {Level("o.name")} AS organisation
        FROM directory.assets a
        JOIN directory.organisations o ON o.id = a.organisation_id
        CROSS JOIN LATERAL (
            SELECT string_agg(CASE WHEN v.code = 'interests' THEN tt.name || ' ' || array_to_string(tt.synonyms, ' ') END, ' ' ORDER BY tt.id) AS interests,
                   concat_ws(' ', (SELECT k.name FROM directory.taxonomy_terms k WHERE k.id = a.kind_id),
                       string_agg(CASE WHEN v.code <> 'interests' THEN tt.name || ' ' || array_to_string(tt.synonyms, ' ') END, ' ' ORDER BY tt.id)) AS other_terms
            FROM directory.asset_terms at
            JOIN directory.taxonomy_terms tt ON tt.id = at.term_id
            JOIN directory.vocabularies v ON v.id = tt.vocabulary_id
            WHERE at.asset_id = a.id) t
        CROSS JOIN unnest(@words) WITH ORDINALITY AS w(word, i)
        WHERE a.id = ANY(@ids)
        """;

    /// <summary>For each listing, one entry per search word (in order): the fields it matched and how well.</summary>
    public static async Task<Dictionary<Guid, IReadOnlyDictionary<TextField, MatchLevel>[]>> ForAsync(
        DirectoryDbContext db, IReadOnlyCollection<Guid> ids, IReadOnlyList<string> words, CancellationToken ct)
    {
        if (ids.Count == 0 || words.Count == 0) return [];
        var rows = await db.Database.SqlQueryRaw<Row>(Sql,
                new NpgsqlParameter("words", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = words.ToArray() },
                new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids.ToArray() })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.AssetId).ToDictionary(g => g.Key, g =>
        {
            var perWord = new IReadOnlyDictionary<TextField, MatchLevel>[words.Count];
            for (var i = 0; i < perWord.Length; i++) perWord[i] = new Dictionary<TextField, MatchLevel>();
            foreach (var r in g) perWord[r.Word] = Levels(r);
            return perWord;
        });
    }

    private static Dictionary<TextField, MatchLevel> Levels(Row r)
    {
        var levels = new Dictionary<TextField, MatchLevel>
        {
            [TextField.Name] = (MatchLevel)r.Name, [TextField.Interests] = (MatchLevel)r.Interests, [TextField.Summary] = (MatchLevel)r.Summary,
            [TextField.Description] = (MatchLevel)r.Description, [TextField.OtherTerms] = (MatchLevel)r.OtherTerms,
            [TextField.Organisation] = (MatchLevel)r.Organisation,
        };
        foreach (var none in levels.Where(l => l.Value == MatchLevel.None).Select(l => l.Key).ToList()) levels.Remove(none);
        return levels;
    }
}
