using ConnectingPeople.Directory.Api.Features.ReadModel.Text;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using CsCheck;
using Npgsql;
using NpgsqlTypes;

namespace ConnectingPeople.Directory.Api.Tests.Features.ReadModel;

/// <summary>
/// The read model's text tools agree with PostgreSQL's: the Snowball stems with <c>ts_lexize('english_stem')</c>, the
/// lexemes of plain text with <c>to_tsvector('english')</c>, its trigrams with <c>show_trgm</c>, and word similarity
/// with pg_trgm's <c>word_similarity</c> and <c>&lt;%</c> at the service's threshold.
/// </summary>
public sealed class PostgresTextTests : IAsyncLifetime
{
    private static readonly string[] Roots =
    [
        "walk", "knit", "garden", "sing", "run", "happy", "generous", "agree", "relate", "connect", "hope", "dance", "swim",
        "cycle", "paint", "craft", "friend", "care", "nation", "digit", "organ", "formal", "sensitive", "hop", "fit", "tap",
        "cry", "lie", "die", "tie", "sky", "news", "atlas", "bias", "cosmos", "andes", "proceed", "exceed", "succeed",
        "inning", "outing", "canning", "herring", "earring", "gener", "commun", "arsen", "past", "univers", "early", "only",
        "ugly", "gentle", "idle", "single", "shed", "men", "women", "choir", "yoga", "bowls", "tennis", "chess", "book",
    ];

    private static readonly string[] Suffixes =
    [
        "", "s", "es", "ed", "ing", "ly", "ness", "ful", "ation", "ational", "izer", "iveness", "ement", "ication", "ies",
        "ied", "eed", "eedly", "ingly", "ship", "able", "ible", "ance", "ence", "er", "ers", "or", "ism", "ist", "ity", "ive",
        "ize", "ous", "al", "ent", "ant", "tional", "enci", "anci", "abli", "alli", "entli", "eli", "ousli", "ization",
        "ator", "alism", "fulness", "ousness", "aliti", "iviti", "biliti", "logi", "icate", "ative", "alize", "iciti",
        "ical", "y", "'s", "li", "ement", "ss", "us", "ied", "yed", "ying",
    ];

    private static readonly Gen<string> Words = Gen.OneOf(
        Gen.Select(Gen.OneOfConst(Roots), Gen.OneOfConst(Suffixes), (r, s) => (r + s).Replace("'", "")),
        Gen.String[Gen.Char['a', 'z'], 1, 14],
        Gen.String[Gen.OneOfConst('a', 'e', 'i', 'o', 'u', 'y', 'b', 'l', 's', 't', 'n', 'g', 'd'), 1, 10]);

    private static readonly Gen<string> Pieces = Gen.OneOf(
        Words, Words, Words, Words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]), Gen.Int[0, 999].Select(i => i.ToString()),
        Gen.OneOfConst(" ", " ", " ", "  ", "\n", ", ", ". ", "; ", ": ", "! ", "? ", "(", ")", "'", "\"", "-", "--", " & ", "&",
            ".", "/", "@", "<", ">", "_", "+", "\\", "#", "%", "$", "*", "=", "~", "|", "[", "]", "{", "}", "`", "^",
            "\u2019", "\u2018", "\u201C", "\u201D", "\u2013", "\u2014", "\u2026", "\u2022", "\u00A3", "\u20AC", "\u00A0", "\u00B7",
            "\u00E9", "caf\u00E9", "\u00A0.", ". x", "e.g.", "1.5", "walk.group", "x@y.org", "<b>", "&amp;"));

    private static readonly Gen<string> Texts = Pieces.Array[0, 14].Select(p => string.Concat(p));

    private string _database = "";
    private NpgsqlConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync();
        _connection = new NpgsqlConnection(_database);
        await _connection.OpenAsync();
        await using var set = new NpgsqlCommand($"SET pg_trgm.word_similarity_threshold = {WordSimilarity.Threshold}", _connection);
        await set.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await TestDatabases.DropAsync(_database);
    }

    [Fact]
    public async Task Snowball_stems_and_stop_words_agree_with_ts_lexize()
    {
        var words = Words.Array[4000].Single().Concat(Roots.SelectMany(r => Suffixes.Select(s => (r + s).Replace("'", "")))).Distinct().ToArray();
        var postgres = await RowsAsync("SELECT w, ts_lexize('english_stem', w) FROM unnest($1) w", words,
            r => (r.GetString(0), r.GetFieldValue<string[]>(1)));
        Assert.Equal(words.Length, postgres.Count);
        foreach (var (word, lexemes) in postgres)
            Assert.True(EnglishStems.Lexeme(word) == lexemes.SingleOrDefault(), $"{word}: PostgreSQL [{string.Join(",", lexemes)}], Snowball {EnglishStems.Lexeme(word)}");
    }

    [Fact]
    public async Task Plain_text_has_the_lexemes_and_trigrams_PostgreSQL_finds()
    {
        // Random texts, and forms the generator once found to disagree (a number in scientific notation glued to a word).
        string[] texts = [.. Texts.Array[3000].Single(), "947E445luutguu", "walk 12e3 talk", "3E4abc", "x1e2y"];
        var postgres = await RowsAsync(
            "SELECT t, array(SELECT lexeme FROM unnest(to_tsvector('english', t)) WHERE lexeme ~ '^[a-z]+$' ORDER BY 1), show_trgm(t) FROM unnest($1) t",
            texts, r => (Text: r.GetString(0), Lexemes: r.GetFieldValue<string[]>(1), Trigrams: r.GetFieldValue<string[]>(2)));
        var plain = 0;
        foreach (var (text, lexemes, trigrams) in postgres)
        {
            var words = new List<string>();
            if (!PlainText.TrySplit(text, words)) continue;
            plain++;
            var mine = words.Where(w => w.All(char.IsAsciiLetterLower)).Select(EnglishStems.Lexeme).OfType<string>().Distinct().Order(StringComparer.Ordinal);
            Assert.True(mine.SequenceEqual(lexemes.Order(StringComparer.Ordinal)), $"\"{text}\": PostgreSQL [{string.Join(",", lexemes)}], mine [{string.Join(",", mine)}]");
            var myTrigrams = words.SelectMany(w => WordSimilarity.Trigrams(w)).Select(Show).ToHashSet();
            Assert.True(myTrigrams.SetEquals(trigrams), $"\"{text}\": PostgreSQL [{string.Join("|", trigrams)}], mine [{string.Join("|", myTrigrams)}]");
        }
        Assert.True(plain > texts.Length / 4, $"only {plain} of {texts.Length} texts were plain");
    }

    [Fact]
    public async Task Word_similarity_agrees_with_pg_trgm_including_the_threshold()
    {
        // The search word is often one of the text's own words, misspelt by a letter dropped or added.
        static string Typo(string w, int i, char c) => i % 3 == 0 || w.Length < 2 ? w : i % 3 == 1 ? w.Remove(i % w.Length, 1) : w.Insert(i % w.Length, c.ToString());
        var pairs = Gen.Select(Texts, Words, Gen.Int[0, 60], Gen.Char['a', 'z'], Gen.Bool, (text, other, i, c, joined) =>
            {
                var words = new List<string>();
                PlainText.TrySplit(text, words);
                var word = words.Count > 0 && i % 4 != 0 ? words[i % words.Count] : other;
                return (Query: Typo(word.ToLowerInvariant(), i, c) + (joined ? "'" + other : ""), Text: text);
            })
            .Array[3000].Single().Where(p => PlainText.TrySplit(p.Text, [])).ToArray();
        await using var command = new NpgsqlCommand("SELECT word_similarity(q, t), q <% t FROM unnest($1, $2) AS x(q, t)", _connection);
        command.Parameters.Add(new NpgsqlParameter { Value = pairs.Select(p => p.Item1).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = pairs.Select(p => p.Item2).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync();
        var scratch = new Dictionary<int, int>();
        var similar = 0;
        foreach (var (query, text) in pairs)
        {
            Assert.True(await reader.ReadAsync());
            var words = new List<string>();
            PlainText.TrySplit(text, words);
            var sequence = words.SelectMany(w => WordSimilarity.Trigrams(w)).ToList();
            var set = WordSimilarity.QueryTrigrams(query).ToHashSet();
            var score = WordSimilarity.Score(set, sequence, scratch);
            Assert.True(reader.GetFloat(0) == score, $"word_similarity('{query}', '{text}'): PostgreSQL {reader.GetFloat(0)}, mine {score}");
            Assert.Equal(reader.GetBoolean(1), WordSimilarity.Similar(set, sequence, scratch));
            if (reader.GetBoolean(1)) similar++;
        }
        Assert.True(similar > 50, $"only {similar} pairs were similar");
    }

    private static string Show(int trigram) => new([(char)(trigram >> 16), (char)((trigram >> 8) & 0xFF), (char)(trigram & 0xFF)]);

    private async Task<List<T>> RowsAsync<T>(string sql, string[] values, Func<NpgsqlDataReader, T> read)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        command.Parameters.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }
}
