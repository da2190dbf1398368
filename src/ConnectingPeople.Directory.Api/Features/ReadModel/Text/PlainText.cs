namespace ConnectingPeople.Directory.Api.Features.ReadModel.Text;

/// <summary>
/// Cuts text into the words both of PostgreSQL's text tools see in it, when that is simple to know. pg_trgm's words
/// are runs of letters and digits, lower-cased; the full-text parser makes the same runs into tokens, except around
/// characters it reads as part of a host name, e-mail address, URL, file path, tag, entity or decimal number
/// (<c>walking.group</c> is one host token, not two words), and except non-ASCII letters, whose class and case depend
/// on the database's locale. Text is <em>plain</em> when it holds none of those: ASCII letters and digits, white space,
/// punctuation that only separates, a full stop or ampersand only before white space, and a few typographic marks.
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

    /// <summary>Adds the lower-case words of <paramref name="text"/> to <paramref name="words"/>; false when the text is not plain.</summary>
    public static bool TrySplit(string? text, List<string> words)
    {
        if (string.IsNullOrEmpty(text)) return true;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (start < 0) start = i;
                continue;
            }
            if (start >= 0)
            {
                if (i - start > LongestWord) return false;
                var word = text[start..i];
                // A hyphenated word with a part of letters and digits (12-3pm5) is split by rules of its own.
                if ((c == '-' || (start > 0 && text[start - 1] == '-')) && word.Any(char.IsAsciiDigit) && word.Any(char.IsAsciiLetter)) return false;
                // Digits, e and digits read as a number in scientific notation (947E445luutguu is 947E445 then luutguu).
                if (HasExponent(word)) return false;
                words.Add(word.ToLowerInvariant());
                start = -1;
            }
            if (i == text.Length) break;
            if (c is '.' or '&')
            {
                if (i + 1 < text.Length && !AsciiSpace.Contains(text[i + 1])) return false;
            }
            else if (!Separators.Contains(c) && !TypographicSeparators.Contains(c)) return false;
        }
        return true;
    }

    private static bool HasExponent(string word)
    {
        for (var i = 1; i + 1 < word.Length; i++)
            if (word[i] is 'e' or 'E' && char.IsAsciiDigit(word[i - 1]) && char.IsAsciiDigit(word[i + 1])) return true;
        return false;
    }

    /// <summary>Whether a search word can be judged here: ASCII letters, apostrophes between them (men's).</summary>
    public static bool IsSimpleQueryWord(string word) => word.Length > 0 && word.All(c => char.IsAsciiLetterLower(c) || c == '\'');
}
