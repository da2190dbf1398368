using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Search;

namespace ConnectingPeople.Directory.Api.Features.ReadModel.Text;

/// <summary>
/// A search's words judged against listings in memory, as the SQL path judges them. The filter is
/// <see cref="AssetFilters.MatchingText"/>'s: each word must match the search text as an English stem (all the lexemes
/// <c>plainto_tsquery</c> makes of it) or, from four letters, as a near spelling (<c>&lt;%</c>). The levels per field
/// are <see cref="TextMatches"/>' (interests and other terms in the order of their ids). One instance serves one request.
/// </summary>
public sealed class TextQuery
{
    private sealed record Word(string Text, int[]? Lexemes, HashSet<int> Trigrams, Dictionary<int, int> Bits);

    private readonly ModelText _text;
    private readonly Word[] _words;
    private readonly Dictionary<long, ulong> _masks = [];
    private readonly List<int> _ids = [];
    private readonly List<int> _field = [];
    private readonly List<int> _trigrams = [];
    private readonly Dictionary<int, int> _scratch = [];

    private TextQuery(ModelText text, Word[] words)
    {
        _text = text;
        _words = words;
    }

    /// <summary>The query, or null when some word is not one this path judges (digits, symbols, non-ASCII letters).</summary>
    public static TextQuery? For(IReadOnlyList<string> words, ModelText text)
    {
        if (!text.Judges || !words.All(PlainText.IsSimpleQueryWord)) return null;
        return new TextQuery(text, [.. words.Select(w =>
        {
            // plainto_tsquery: the word's letter runs (men's: men, s), stop words dropped, the rest ANDed.
            var lexemes = w.Split('\'', StringSplitOptions.RemoveEmptyEntries).Select(EnglishStems.Lexeme).OfType<string>()
                .Select(text.Vocabulary.FindLexeme).ToArray();
            var trigrams = WordSimilarity.QueryTrigrams(w);
            return new Word(w, lexemes.Length == 0 || lexemes.Contains(TextVocabulary.NoLexeme) ? null : lexemes, [.. trigrams],
                trigrams.Length <= 64 ? trigrams.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i) : []);
        })]);
    }

    /// <summary>Whether every word matches the listing's search text.</summary>
    public bool Matches(ListingText listing)
    {
        listing.Decode(_ids);
        foreach (var word in _words)
            if (!Stem(word, _ids) && !(word.Text.Length >= 4 && Near(word, _ids))) return false;
        return true;
    }

    /// <summary>For each word, the fields it matched and how well.</summary>
    public IReadOnlyDictionary<TextField, MatchLevel>[] Levels(ListingText listing, Asset asset)
    {
        listing.Decode(_ids);
        var interests = new List<int>();
        var other = new List<int>(asset.KindId is { } kind ? _text.Terms.GetValueOrDefault(kind)?.Name ?? [] : []);
        foreach (var term in asset.Terms.OrderBy(t => t.TermId))
        {
            var words = _text.Terms.GetValueOrDefault(term.TermId)?.Full ?? [];
            (term.Term.Vocabulary.Code == "interests" ? interests : other).AddRange(words);
        }
        var fields = new (TextField Field, List<int> Words)[]
        {
            (TextField.Name, _ids.GetRange(0, listing.NameWords)),
            (TextField.Interests, interests),
            (TextField.Summary, _ids.GetRange(listing.NameWords, listing.SummaryWords)),
            (TextField.Description, _ids.GetRange(listing.NameWords + listing.SummaryWords, listing.DescriptionWords)),
            (TextField.OtherTerms, other),
            (TextField.Organisation, [.. _text.Organisations.GetValueOrDefault(asset.OrganisationId) ?? []]),
        };
        return [.. _words.Select(word =>
        {
            var levels = new Dictionary<TextField, MatchLevel>();
            foreach (var (field, words) in fields)
            {
                if (Stem(word, words)) levels[field] = MatchLevel.Stem;
                else if (word.Text.Length >= 4 && Near(word, words)) levels[field] = MatchLevel.NearSpelling;
            }
            return (IReadOnlyDictionary<TextField, MatchLevel>)levels;
        })];
    }

    private bool Stem(Word word, List<int> words)
    {
        if (word.Lexemes is null) return false;
        foreach (var lexeme in word.Lexemes)
        {
            var found = false;
            foreach (var id in words)
                if (_text.Vocabulary.LexemeOf(id) == lexeme) { found = true; break; }
            if (!found) return false;
        }
        return true;
    }

    private bool Near(Word word, List<int> words)
    {
        if (word.Bits.Count > 0)
        {
            var present = 0UL;
            foreach (var id in words) present |= Mask(word, id);
            if (!WordSimilarity.CanReach(WordSimilarity.PopCount(present), word.Trigrams.Count)) return false;
        }
        _trigrams.Clear();
        foreach (var id in words) _trigrams.AddRange(_text.Vocabulary.TrigramsOf(id));
        return WordSimilarity.Similar(word.Trigrams, _trigrams, _scratch);
    }

    /// <summary>Which of the word's trigrams a vocabulary word holds, as bits (cached for the request).</summary>
    private ulong Mask(Word word, int id)
    {
        var key = ((long)Array.IndexOf(_words, word) << 32) | (uint)id;
        if (_masks.TryGetValue(key, out var mask)) return mask;
        foreach (var trigram in _text.Vocabulary.TrigramsOf(id))
            if (word.Bits.TryGetValue(trigram, out var bit)) mask |= 1UL << bit;
        return _masks[key] = mask;
    }
}
