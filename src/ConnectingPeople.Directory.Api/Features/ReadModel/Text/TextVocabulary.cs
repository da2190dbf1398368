using System.Collections.Concurrent;

namespace ConnectingPeople.Directory.Api.Features.ReadModel.Text;

/// <summary>
/// Every distinct word of the directory's text once, with its trigrams and its English lexeme, so a listing holds only
/// small word numbers. Numbers (a listing's "group 123456") are not stored at all: a word of up to nine digits is its
/// own number (odd ids), everything else is an index here (even ids). Words are only ever added, by the one writer;
/// readers look up ids that were published before the listing naming them.
/// </summary>
public sealed class TextVocabulary
{
    public const int NoLexeme = -1;

    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _idsBySpan;
    private readonly ConcurrentDictionary<string, int> _lexemes = new(StringComparer.Ordinal);
    private int[][] _trigrams = new int[1024][];
    private int[] _lexemeOf = new int[1024];
    private int _count;

    public TextVocabulary() => _idsBySpan = _ids.GetAlternateLookup<ReadOnlySpan<char>>();


    /// <summary>The number of a word already known (or a number), found without making a string of it.</summary>
    public bool TryFind(ReadOnlySpan<char> word, out int id)
    {
        if (word.Length is > 0 and <= 9 && (word[0] != '0' || word.Length == 1) && !word.ContainsAnyExceptInRange('0', '9'))
        {
            id = (int.Parse(word, System.Globalization.CultureInfo.InvariantCulture) << 1) | 1;
            return true;
        }
        return _idsBySpan.TryGetValue(word, out id);
    }

    public int Id(string word)
    {
        if (TryFind(word, out var id)) return id;
        var index = _count;
        if (index == _trigrams.Length)
        {
            var lexemes = _lexemeOf;
            Array.Resize(ref lexemes, index * 2);
            Volatile.Write(ref _lexemeOf, lexemes);
            var trigrams = _trigrams;
            Array.Resize(ref trigrams, index * 2);
            Volatile.Write(ref _trigrams, trigrams);
        }
        _trigrams[index] = WordSimilarity.Trigrams(word);
        _lexemeOf[index] = word.All(char.IsAsciiLetterLower) && EnglishStems.Lexeme(word) is { } lexeme
            ? _lexemes.GetOrAdd(lexeme, _lexemes.Count)
            : NoLexeme;
        _count = index + 1;
        _ids[word] = index << 1;
        return index << 1;
    }

    /// <summary>The lexeme number of a word, or <see cref="NoLexeme"/> (a stop word, or letters mixed with digits).</summary>
    public int LexemeOf(int id) => (id & 1) == 1 ? NoLexeme : Volatile.Read(ref _lexemeOf)[id >> 1];

    public int[] TrigramsOf(int id) => (id & 1) == 1
        ? WordSimilarity.Trigrams((id >> 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
        : Volatile.Read(ref _trigrams)[id >> 1];

    /// <summary>The number of a lexeme some text holds, or <see cref="NoLexeme"/> when no text holds it.</summary>
    public int FindLexeme(string lexeme) => _lexemes.TryGetValue(lexeme, out var id) ? id : NoLexeme;
}
