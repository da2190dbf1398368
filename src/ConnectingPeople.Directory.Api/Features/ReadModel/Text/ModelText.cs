using System.Collections.Concurrent;
using ConnectingPeople.Directory.Api.Data.Entities;

namespace ConnectingPeople.Directory.Api.Features.ReadModel.Text;

/// <summary>A term's words: its name alone (as a kind) and its name with synonyms (as a term); null when not plain.</summary>
public sealed record TermText(int[]? Name, int[]? Full);

/// <summary>The read model's text: the vocabulary, each listing's search text, and the words of organisations and terms.</summary>
public sealed class ModelText
{
    public TextVocabulary Vocabulary { get; } = new();

    /// <summary>
    /// Whether free text can be judged here at all: the database's character classes must be a UTF-8 locale's, as
    /// <see cref="PlainText"/> assumes for accented letters (in the C locale pg_trgm splits words at them).
    /// </summary>
    public bool Judges { get; set; } = true;

    public static bool JudgesWith(string ctype) => ctype.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) || ctype.Contains("utf8", StringComparison.OrdinalIgnoreCase);
    public ConcurrentDictionary<Guid, ListingText> Listings { get; } = new();
    public ConcurrentDictionary<Guid, int[]?> Organisations { get; } = new();
    public IReadOnlyDictionary<Guid, TermText> Terms { get; private set; } = new Dictionary<Guid, TermText>();

    /// <summary>The word numbers of a text (none for null), or null when it is not plain.</summary>
    public int[]? Words(string? text)
    {
        var ids = new Ids(Vocabulary, [], []);
        if (!PlainText.TrySplit(text, ref ids)) return null;
        var words = ids.List.ToArray();
        // Only a plain text's words join the vocabulary, as they did when it was built from whole strings.
        foreach (var (at, word) in ids.New) words[at] = Vocabulary.Id(word);
        return words;
    }

    // Known words become their numbers without a string; new ones wait as strings until the text is known to be plain.
    private readonly record struct Ids(TextVocabulary Vocabulary, List<int> List, List<(int At, string Word)> New) : PlainText.IWords
    {
        public void Add(ReadOnlySpan<char> word)
        {
            if (Vocabulary.TryFind(word, out var id)) List.Add(id);
            else
            {
                New.Add((List.Count, word.ToString()));
                List.Add(0);
            }
        }
    }

    // As AssetSearchDocument and TextMatches write a term: its name, a space, its synonyms.
    public void SetTerms(IEnumerable<TaxonomyTerm> terms) =>
        Terms = terms.ToDictionary(t => t.Id, t => new TermText(Words(t.Name), Words(t.Name + " " + string.Join(' ', t.Synonyms))));

    public void PutOrganisation(Organisation organisation) => Organisations[organisation.Id] = Words(organisation.Name);

    /// <summary>The text of a listing about to be published, from its search text's words as the loader read them (the entity holds no search text).</summary>
    public void Put(Asset asset, byte[]? searchWords) => Listings[asset.Id] = ListingText.Build(asset, searchWords, this);

    /// <summary>The text read with this very version of the listing, or null (a reader caught it mid-change, or it is unknown).</summary>
    public ListingText? Of(Asset asset) =>
        Listings.TryGetValue(asset.Id, out var text) && ReferenceEquals(text.Asset, asset) && text.Known ? text : null;
}
