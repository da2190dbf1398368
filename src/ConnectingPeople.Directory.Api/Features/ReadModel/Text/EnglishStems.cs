using Lucene.Net.Tartarus.Snowball.Ext;

namespace ConnectingPeople.Directory.Api.Features.ReadModel.Text;

/// <summary>
/// What PostgreSQL's <c>english</c> text search configuration makes of a plain word (ASCII letters): the
/// <c>english_stem</c> dictionary drops it when it is a stop word and otherwise reduces it with the Snowball English
/// (Porter2) stemmer. Lucene.Net ships the same Snowball stemmer; <c>PostgresTextTests</c> checks the two against
/// <c>ts_lexize</c> on thousands of words.
/// </summary>
public static class EnglishStems
{
    /// <summary>
    /// PostgreSQL's <c>tsearch_data/english.stop</c> (PostgreSQL Licence; the list comes from the Snowball project, BSD
    /// licence), copied so the read model needs no database to judge a word.
    /// </summary>
    private static readonly HashSet<string> StopWords =
    [
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself", "yourselves",
        "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they", "them", "their",
        "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "these", "those", "am", "is", "are",
        "was", "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an",
        "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by", "for", "with", "about",
        "against", "between", "into", "through", "during", "before", "after", "above", "below", "to", "from", "up",
        "down", "in", "out", "on", "off", "over", "under", "again", "further", "then", "once", "here", "there", "when",
        "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no",
        "nor", "not", "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don",
        "should", "now",
    ];

    [ThreadStatic] private static EnglishStemmer? _stemmer;

    /// <summary>The lexeme of a lower-case ASCII word, or null for a stop word (which PostgreSQL does not index).</summary>
    public static string? Lexeme(string word)
    {
        if (StopWords.Contains(word)) return null;
        var stemmer = _stemmer ??= new EnglishStemmer();
        stemmer.SetCurrent(word);
        stemmer.Stem();
        return stemmer.Current;
    }
}
