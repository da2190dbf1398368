using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectingPeople.Directory.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Data.Seed;

/// <summary>
/// Loads taxonomies.json: vocabularies of terms nested by "children". Ids are derived from vocabulary and code, so
/// they are the same on every install; existing terms are updated in place and none is ever removed here
/// (listings may still point at them).
/// </summary>
public sealed class TaxonomyLoader(DirectoryDbContext db)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Guid VocabularyId(string vocabulary) => DeterministicGuid.Create(DeterministicGuid.TaxonomyNamespace, vocabulary);

    public static Guid TermId(string vocabulary, string code) => DeterministicGuid.Create(DeterministicGuid.TaxonomyNamespace, $"{vocabulary}:{code}");

    public async Task<int> LoadAsync(string file, CancellationToken ct)
    {
        await using var stream = File.OpenRead(file);
        var document = await JsonSerializer.DeserializeAsync<TaxonomyFile>(stream, Json, ct)
            ?? throw new InvalidDataException($"{file} is empty");
        var vocabularies = await db.Vocabularies.ToDictionaryAsync(v => v.Id, ct);
        var terms = await db.TaxonomyTerms.ToDictionaryAsync(t => t.Id, ct);
        var count = 0;
        foreach (var v in document.Vocabularies)
        {
            var id = VocabularyId(v.Code);
            if (!vocabularies.TryGetValue(id, out var vocabulary))
            {
                vocabulary = new Vocabulary { Id = id, Code = v.Code, Name = v.Name };
                db.Vocabularies.Add(vocabulary);
            }
            vocabulary.Name = v.Name;
            vocabulary.Description = v.Description;
            count += AddTerms(v.Code, id, v.Terms, null, "", terms);
        }
        await db.SaveChangesAsync(ct);
        return count;
    }

    private int AddTerms(string vocabulary, Guid vocabularyId, IEnumerable<TermJson> source, Guid? parentId, string parentPath,
        Dictionary<Guid, TaxonomyTerm> existing)
    {
        var count = 0;
        foreach (var t in source)
        {
            var id = TermId(vocabulary, t.Code);
            var path = parentPath + t.Code + "/";
            if (!existing.TryGetValue(id, out var term))
            {
                term = new TaxonomyTerm { Id = id, Code = t.Code, Name = t.Name, Path = path, VocabularyId = vocabularyId };
                db.TaxonomyTerms.Add(term);
                existing[id] = term;
            }
            term.Name = t.Name;
            term.Description = t.Description;
            term.ParentId = parentId;
            term.Path = path;
            term.Synonyms = t.Synonyms ?? [];
            count += 1 + AddTerms(vocabulary, vocabularyId, t.Children ?? [], id, path, existing);
        }
        return count;
    }

    private sealed record TaxonomyFile(List<VocabularyJson> Vocabularies);

    private sealed record VocabularyJson(string Code, string Name, string? Description, List<TermJson> Terms);

    private sealed record TermJson(string Code, string Name, string? Description, string[]? Synonyms, List<TermJson>? Children);
}
