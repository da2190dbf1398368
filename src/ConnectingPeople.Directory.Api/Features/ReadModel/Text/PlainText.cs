namespace ConnectingPeople.Directory.Api.Features.ReadModel.Text;

/// <summary>
/// Cuts text into the words both of PostgreSQL's text tools see in it, when that is simple to know. pg_trgm's words
/// are runs of letters and digits, lower-cased; the full-text parser makes the same runs into tokens, except around
/// characters it reads as part of a host name, e-mail address, URL, file path, tag, entity or decimal number
/// (<c>walking.group</c> is one host token, not two words), and except non-ASCII letters, whose class and case depend
/// on the database's locale beyond accented Latin letters. Text is <em>plain</em> when it holds none of those: letters
/// and digits (<see cref="IsWordCharacter"/>), white space, punctuation that only separates, a full stop, ampersand or
/// plus only before white space, and a few typographic marks.
/// For plain text the English lexemes are exactly the stems of its all-letter words; <c>PostgresTextTests</c> checks
/// that against <c>to_tsvector</c> and <c>show_trgm</c>. Other text is left to PostgreSQL (the caller falls back).
/// </summary>
public static class PlainText
{
    /// <summary>Longer runs are ones PostgreSQL's stemmer passes through unchanged (over 1,000 bytes); not worth copying.</summary>
    private const int LongestWord = 1000;

    private const string AsciiSpace = " \t\n\r";
    private const string Separators = " \t\n\r,;:!?()[]*#%$=^|{}`'\"-";

    // Non-breaking space, pound, middle dot, en and em dashes, curly quotes, bullet, ellipsis, euro.
    private const string TypographicSeparators = "\u00A0\u00A3\u00B7\u2013\u2014\u2018\u2019\u201C\u201D\u2022\u2026\u20AC";

    /// <summary>Receives each word of a text, lower-cased, in a buffer it must copy from if it keeps it.</summary>
    public interface IWords
    {
        void Add(ReadOnlySpan<char> word);
    }

    /// <summary>Adds the lower-case words of <paramref name="text"/> to <paramref name="words"/>; false when the text is not plain.</summary>
    public static bool TrySplit(string? text, List<string> words)
    {
        var strings = new Strings(words);
        return TrySplit(text, ref strings);
    }

    /// <summary>
    /// As above, handing each word to <paramref name="words"/> without making a string of it (the read model splits
    /// every listing's text at load, and most of its words are already known); false when the text is not plain, in
    /// which case some words may have been handed over already.
    /// </summary>
    public static bool TrySplit<T>(string? text, ref T words) where T : struct, IWords
    {
        if (string.IsNullOrEmpty(text)) return true;
        Span<char> lower = stackalloc char[LongestWord];
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (IsWordCharacter(c))
            {
                if (start < 0) start = i;
                continue;
            }
            if (start >= 0)
            {
                if (i - start > LongestWord) return false;
                var word = text.AsSpan(start, i - start);
                // A hyphenated word with a part of letters and digits (12-3pm5) is split by rules of its own.
                if ((c == '-' || (start > 0 && text[start - 1] == '-')) && word.ContainsAnyInRange('0', '9') && word.ContainsAnyExceptInRange('0', '9')) return false;
                // Digits, e, digits is a number in scientific notation, and ends the token (215e315walk is two).
                if (ScientificNumber(word)) return false;
                var length = word.ToLowerInvariant(lower);
                words.Add(lower[..length]);
                start = -1;
            }
            if (i == text.Length) break;
            if (c is '.' or '&' or '+')
            {
                if (i + 1 < text.Length && !AsciiSpace.Contains(text[i + 1])) return false;
            }
            else if (!Separators.Contains(c) && !TypographicSeparators.Contains(c)) return false;
        }
        return true;
    }

    private readonly struct Strings(List<string> list) : IWords
    {
        public void Add(ReadOnlySpan<char> word) => list.Add(word.ToString());
    }

    /// <summary>
    /// ASCII letters and digits, and the accented Latin letters of Latin-1 and Latin Extended-A (café, Łódź) and
    /// Romanian's ș and ț: letters in the database's UTF-8 locale, each lower-cased to one letter. Not the few whose
    /// case mapping changes length or differs between libraries (dotted and dotless i, long s, ŉ).
    /// </summary>
    public static bool IsWordCharacter(char c) => char.IsAsciiLetterOrDigit(c)
        || (((c is >= '\u00C0' and <= '\u017F') || c is >= '\u0218' and <= '\u021B') && char.IsLetter(c)
            && c is not ('\u0130' or '\u0131' or '\u017F' or '\u0149'));

    private static bool ScientificNumber(ReadOnlySpan<char> word)
    {
        for (var i = 1; i + 1 < word.Length; i++)
            if (word[i] is 'e' or 'E' && char.IsAsciiDigit(word[i - 1]) && char.IsAsciiDigit(word[i + 1])) return true;
        return false;
    }

    /// <summary>Whether a search word can be judged here: ASCII letters, apostrophes between them (men's).</summary>
    public static bool IsSimpleQueryWord(string word) => word.Length > 0 && word.All(c => char.IsAsciiLetterLower(c) || c == '\'');
}
