using System.Collections.Concurrent;
using ConnectingPeople.Directory.Api.Data.Entities;

namespace ConnectingPeople.Directory.Api.Features.ReadModel.Text;

/// <summary>A term's words: its name alone (as a kind) and its name with synonyms (as a term); null when not plain.</summary>
public sealed record TermText(int[]? Name, int[]? Full);

/// <summary>The read model's text: the vocabulary, each listing's search text, and the words of organisations and terms.</summary>
public sealed class ModelText
{
    public TextVocabulary Vocabulary { get; } = new();
    public ConcurrentDictionary<Guid, ListingText> Listings { get; } = new();
    public ConcurrentDictionary<Guid, int[]?> Organisations { get; } = new();
    public IReadOnlyDictionary<Guid, TermText> Terms { get; private set; } = new Dictionary<Guid, TermText>();

    /// <summary>The word numbers of a text (none for null), or null when it is not plain.</summary>
    public int[]? Words(string? text)
    {
        var words = new List<string>();
        return PlainText.TrySplit(text, words) ? Vocabulary.Ids(words) : null;
    }

    // As AssetSearchDocument and TextMatches write a term: its name, a space, its synonyms.
    public void SetTerms(IEnumerable<TaxonomyTerm> terms) =>
        Terms = terms.ToDictionary(t => t.Id, t => new TermText(Words(t.Name), Words(t.Name + " " + string.Join(' ', t.Synonyms))));

    public void PutOrganisation(Organisation organisation) => Organisations[organisation.Id] = Words(organisation.Name);

    /// <summary>The text of a listing about to be published; its search text is dropped from the entity (it is held here, compactly).</summary>
    public void Put(Asset asset)
    {
        Listings[asset.Id] = ListingText.Build(asset, asset.SearchText, this);
        asset.SearchText = "";
    }

    /// <summary>The text read with this very version of the listing, or null (a reader caught it mid-change, or it is unknown).</summary>
    public ListingText? Of(Asset asset) =>
        Listings.TryGetValue(asset.Id, out var text) && ReferenceEquals(text.Asset, asset) && text.Known ? text : null;
}
