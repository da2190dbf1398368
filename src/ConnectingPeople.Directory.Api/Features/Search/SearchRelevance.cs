namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>The parts of a listing a search word can match, from most to least telling.</summary>
public enum TextField { Name, Interests, Summary, Description, OtherTerms, Organisation }

/// <summary>How well one word matched one field: not at all, as a near spelling (pg_trgm word similarity), or as an English stem.</summary>
public enum MatchLevel { None = 0, NearSpelling = 1, Stem = 2 }

/// <summary>The order key of one listing for a search with words (or interests): compare <see cref="OwnMatches"/> first, then <see cref="Score"/>.</summary>
public readonly record struct RelevanceKey(int OwnMatches, double Score);

/// <summary>
/// The ranking formula, in one place so that every read path (PostGIS, in memory) orders results the same way.
/// <list type="number">
/// <item>Each search word scores the weight of the best field it matches: name and interests (with their synonyms) 8,
/// summary 4, description and the other terms (kind, accessibility, audiences) 2, organisation name 1. A near
/// spelling counts half.</item>
/// <item>Each interest asked for (<c>interests=</c>) that the listing has scores 8.</item>
/// <item><see cref="RelevanceKey.OwnMatches"/> counts the words matched as a stem by the listing's own text (any field
/// but the organisation's name), plus the interests asked for that it has. It is compared first, so a listing that
/// matches only through the organisation that runs it comes after every listing that matches on its own words, and
/// a listing matching both words of "men's shed" comes before one matching one of them. Near spellings do not count
/// here: "shed" is a near spelling of "Sheffield", and should not lift every Sheffield group.</item>
/// <item>With an origin, the score is multiplied by a distance decay that halves every
/// <see cref="HalfDistanceKm"/> km: a strong match 2 km away ties with a match half as strong next door. A listing
/// with no distance (its service area covers the origin) counts as distance 0.</item>
/// <item>Ties: nearer first, then name, then id.</item>
/// </list>
/// </summary>
public static class SearchRelevance
{
    public const double HalfDistanceKm = 2;
    public const double InterestWeight = 8;
    public const double NearSpellingFactor = 0.5;

    public static double Weight(TextField field) => field switch
    {
        TextField.Name or TextField.Interests => 8,
        TextField.Summary => 4,
        TextField.Description or TextField.OtherTerms => 2,
        _ => 1,
    };

    /// <summary>One word's score: the weight of the best field it matched, halved for a near spelling.</summary>
    public static double WordScore(IReadOnlyDictionary<TextField, MatchLevel> levels) =>
        levels.Count == 0 ? 0 : levels.Max(l => Weight(l.Key) * Factor(l.Value));

    /// <summary>Whether a word matched as a stem somewhere other than the organisation's name.</summary>
    public static bool MatchesOwnWords(IReadOnlyDictionary<TextField, MatchLevel> levels) =>
        levels.Any(l => l.Key != TextField.Organisation && l.Value == MatchLevel.Stem);

    public static double Decay(double? distanceMetres) =>
        distanceMetres is { } d and > 0 ? Math.Pow(0.5, d / 1000 / HalfDistanceKm) : 1;

    /// <param name="words">For each search word, how well it matched each field.</param>
    /// <param name="interestsMatched">How many of the interests asked for the listing has.</param>
    /// <param name="distanceMetres">Distance from the origin, or null without one (or for a service area match).</param>
    public static RelevanceKey Key(IEnumerable<IReadOnlyDictionary<TextField, MatchLevel>> words, int interestsMatched, double? distanceMetres)
    {
        var list = words.ToList();
        var score = list.Sum(WordScore) + interestsMatched * InterestWeight;
        return new RelevanceKey(list.Count(MatchesOwnWords) + interestsMatched, score * Decay(distanceMetres));
    }

    private static double Factor(MatchLevel level) => level switch
    {
        MatchLevel.Stem => 1,
        MatchLevel.NearSpelling => NearSpellingFactor,
        _ => 0,
    };
}
