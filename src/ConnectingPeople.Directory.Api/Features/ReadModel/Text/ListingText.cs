using ConnectingPeople.Directory.Api.Data.Entities;

namespace ConnectingPeople.Directory.Api.Features.ReadModel.Text;

/// <summary>
/// One listing's <c>assets.search_text</c> as word numbers (variable-length bytes: most words take one or two), and how
/// many of them are its name, summary and description: <c>AssetSearchDocument</c> writes those first, then the
/// organisation, the kind and the terms. <see cref="Asset"/> is the version of the listing it was read with, so a
/// reader can tell a text from the listing beside it. A text that is not plain, or does not read as its parts (not
/// yet refreshed after a rename, say), is <see cref="Known"/> false: searches that must judge it go to PostgreSQL.
/// </summary>
public sealed class ListingText
{
    private readonly byte[]? _words;

    private ListingText(Asset asset, byte[]? words, int count, int name, int summary, int description)
    {
        Asset = asset;
        _words = words;
        Count = count;
        NameWords = name;
        SummaryWords = summary;
        DescriptionWords = description;
    }

    public Asset Asset { get; }
    public bool Known => _words is not null;
    public int Count { get; }
    public int NameWords { get; }
    public int SummaryWords { get; }
    public int DescriptionWords { get; }

    public static ListingText Unknown(Asset asset) => new(asset, null, 0, 0, 0, 0);

    /// <summary>
    /// Reads the search text, as <see cref="Encode"/> made it from <see cref="ModelText.Words"/> (null when not plain),
    /// against its parts; any disagreement leaves it unknown.
    /// </summary>
    public static ListingText Build(Asset asset, byte[]? encoded, ModelText text)
    {
        var name = text.Words(asset.Name);
        var summary = text.Words(asset.Summary);
        var organisation = text.Organisations.GetValueOrDefault(asset.OrganisationId);
        var kind = asset.KindId is { } kindId ? text.Terms.GetValueOrDefault(kindId)?.Name : [];
        var terms = asset.Terms.Select(t => text.Terms.GetValueOrDefault(t.TermId)?.Full).ToList();
        if (encoded is null || name is null || summary is null || organisation is null || kind is null || terms.Any(t => t is null)) return Unknown(asset);
        var decoded = new List<int>();
        Decode(encoded, decoded);
        var words = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(decoded);

        var tail = organisation.Length + kind.Length + terms.Sum(t => t!.Length);
        var description = words.Length - name.Length - summary.Length - tail;
        if (description < 0) return Unknown(asset);
        var at = 0;
        bool Next(ReadOnlySpan<int> all, int[] part)
        {
            var matches = all.Slice(at, part.Length).SequenceEqual(part);
            at += part.Length;
            return matches;
        }
        if (!Next(words, name) || !Next(words, summary)) return Unknown(asset);
        at += description;
        if (!Next(words, organisation) || !Next(words, kind)) return Unknown(asset);
        // The terms come in whatever order string_agg met them; as a bag they must be the listing's terms.
        var stored = words[at..].ToArray();
        Array.Sort(stored);
        if (!stored.AsSpan().SequenceEqual(terms.SelectMany(t => t!).Order().ToArray())) return Unknown(asset);
        return new ListingText(asset, encoded, words.Length, name.Length, summary.Length, description);
    }

    /// <summary>Every word number, in order, into <paramref name="into"/> (cleared first).</summary>
    public void Decode(List<int> into)
    {
        into.Clear();
        if (_words is not null) Decode(_words, into);
    }

    private static void Decode(byte[] words, List<int> into)
    {
        var value = 0;
        var shift = 0;
        foreach (var b in words)
        {
            value |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                into.Add(value);
                value = 0;
                shift = 0;
            }
            else shift += 7;
        }
    }

    /// <summary>Word numbers as variable-length bytes (seven bits a byte, low first): most words take one or two.</summary>
    public static byte[]? Encode(int[]? words)
    {
        if (words is null) return null;
        var bytes = new List<byte>(words.Length * 2);
        foreach (var word in words)
        {
            var v = (uint)word;
            while (v >= 0x80)
            {
                bytes.Add((byte)(v | 0x80));
                v >>= 7;
            }
            bytes.Add((byte)v);
        }
        return [.. bytes];
    }
}
