using System.Numerics;
using ConnectingPeople.Directory.Api.Data;

namespace ConnectingPeople.Directory.Api.Features.ReadModel.Text;

/// <summary>
/// pg_trgm's <c>word_similarity(word, text)</c> and its <c>&lt;%</c> operator, for ASCII words, ported from
/// <c>contrib/pg_trgm/trgm_op.c</c> (<c>generate_trgm_only</c>, <c>calc_word_similarity</c>,
/// <c>iterate_word_similarity</c>; PostgreSQL Licence). A word is padded with two spaces in front and one behind and
/// cut into trigrams; the text's trigrams keep their order. The score is pg_trgm's greedy search for the extent of the
/// text most like the word, in single precision as PostgreSQL computes it, so results on the threshold agree.
/// <c>PostgresTextTests</c> checks it against PostgreSQL.
/// </summary>
public static class WordSimilarity
{
    public const double Threshold = DatabaseExtensions.WordSimilarityThreshold;

    /// <summary>The trigrams of one lower-case ASCII word (letters and digits), each packed as three bytes.</summary>
    public static int[] Trigrams(ReadOnlySpan<char> word)
    {
        var trigrams = new int[word.Length + 1];
        char a = ' ', b = ' ';
        for (var i = 0; i <= word.Length; i++)
        {
            var c = i < word.Length ? word[i] : ' ';
            trigrams[i] = (a << 16) | (b << 8) | c;
            a = b;
            b = c;
        }
        return trigrams;
    }

    /// <summary>A search word's distinct trigrams: its runs of letters and digits, each cut as pg_trgm cuts a word.</summary>
    public static int[] QueryTrigrams(string word)
    {
        var set = new HashSet<int>();
        foreach (var run in word.Split(c => !char.IsAsciiLetterOrDigit(c)))
            set.UnionWith(Trigrams(run));
        return [.. set];
    }

    private static IEnumerable<string> Split(this string text, Func<char, bool> separator)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !separator(text[i])) { if (start < 0) start = i; continue; }
            if (start >= 0) yield return text[start..i];
            start = -1;
        }
    }

    /// <summary>
    /// A cheap bound first: the score never exceeds (query trigrams present) / (query trigrams), so a text holding too
    /// few of them cannot reach the threshold. <paramref name="present"/> is that count.
    /// </summary>
    public static bool CanReach(int present, int queryCount) => present >= Threshold * queryCount;

    /// <summary>Whether <c>word &lt;% text</c>: the similarity of the query's trigrams to the text's trigram sequence reaches the threshold.</summary>
    public static bool Similar(IReadOnlySet<int> query, List<int> text, Dictionary<int, int> scratch) =>
        Score(query, text, scratch) >= Threshold;

    /// <summary>iterate_word_similarity without its early exit (which changes the score, never the comparison).</summary>
    public static float Score(IReadOnlySet<int> query, List<int> text, Dictionary<int, int> lastPosition)
    {
        lastPosition.Clear();
        var ulen1 = query.Count;
        int ulen2 = 0, count = 0, lower = -1;
        var best = 0f;
        for (var i = 0; i < text.Count; i++)
        {
            var trigram = text[i];
            var found = query.Contains(trigram);
            if (lower >= 0 || found)
            {
                if (LastAt(lastPosition, trigram) < 0)
                {
                    ulen2++;
                    if (found) count++;
                }
                lastPosition[trigram] = i;
            }
            if (!found) continue;

            var upper = i;
            if (lower == -1)
            {
                lower = i;
                ulen2 = 1;
            }
            var current = Similarity(count, ulen1, ulen2);
            int tmpCount = count, tmpUlen2 = ulen2, previousLower = lower;
            for (var tmpLower = lower; tmpLower <= upper; tmpLower++)
            {
                var candidate = Similarity(tmpCount, ulen1, tmpUlen2);
                if (candidate > current)
                {
                    current = candidate;
                    ulen2 = tmpUlen2;
                    lower = tmpLower;
                    count = tmpCount;
                }
                var at = text[tmpLower];
                if (LastAt(lastPosition, at) == tmpLower)
                {
                    tmpUlen2--;
                    if (query.Contains(at)) tmpCount--;
                }
            }
            best = Math.Max(best, current);
            for (var tmpLower = previousLower; tmpLower < lower; tmpLower++)
            {
                var at = text[tmpLower];
                if (LastAt(lastPosition, at) == tmpLower) lastPosition[at] = -1;
            }
        }
        return best;
    }

    private static int LastAt(Dictionary<int, int> positions, int trigram) => positions.TryGetValue(trigram, out var p) ? p : -1;

    // CALCSML in trgm.h: single-precision division.
    private static float Similarity(int count, int len1, int len2) => (float)count / (len1 + len2 - count);

    public static int PopCount(ulong mask) => BitOperations.PopCount(mask);
}
