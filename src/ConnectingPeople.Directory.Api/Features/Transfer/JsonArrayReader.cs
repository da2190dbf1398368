using System.Text.Json;

namespace ConnectingPeople.Directory.Api.Features.Transfer;

/// <summary>A file that cannot be imported, found while reading it: a 400 naming the body, and nothing is written.</summary>
public sealed class ImportFormatException(string message) : Exception(message);

/// <summary>
/// Reads the elements of a JSON document's one big array (a FeatureCollection's <c>features</c>, an Open Referral page's
/// <c>contents</c>, or a root array) from a stream, one at a time, so an import holds a buffer and the elements of one
/// buffer however large the file. The rest of the document is read token by token; only top-level strings are kept
/// (a GeoJSON <c>type</c>).
/// </summary>
public sealed class JsonArrayReader(Stream stream, string arrayProperty)
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private string? _property;
    private int _elementDepth = -1;

    /// <summary>Whether the root is an object (as opposed to an array).</summary>
    public bool RootIsObject { get; private set; }

    /// <summary>Whether the array (the root one, or the root object's <c>arrayProperty</c>) was found.</summary>
    public bool FoundArray { get; private set; }

    public string? TopLevelString(string name) => _strings.GetValueOrDefault(name);

    public IEnumerable<JsonElement> Elements()
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        var final = false;
        var state = new JsonReaderState();
        var batch = new List<JsonElement>();
        while (true)
        {
            if (!final)
            {
                var read = stream.Read(buffer, length, buffer.Length - length);
                final = read == 0;
                length += read;
            }
            batch.Clear();
            var (consumed, ended) = Step(buffer.AsSpan(0, length), final, ref state, batch);
            foreach (var element in batch) yield return element;
            if (ended) yield break;
            Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
            length -= consumed;
            // One element larger than the buffer: the buffer grows to hold it (and no further than the largest element).
            if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
        }
    }

    /// <summary>Reads what the buffer holds; ended once the whole document has been read.</summary>
    private (int Consumed, bool Ended) Step(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state, List<JsonElement> batch)
    {
        var reader = new Utf8JsonReader(data, final, state);
        var ended = false;
        try
        {
            while (true)
            {
                var checkpoint = reader;
                if (!reader.Read())
                {
                    ended = final;
                    break;
                }
                if (reader.CurrentDepth == _elementDepth && reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject))
                {
                    // Parsed only once all of it is in the buffer; otherwise read again from its start with more data.
                    var probe = reader;
                    if (!probe.TrySkip())
                    {
                        if (final) throw new ImportFormatException("is not JSON: the document ends before it is complete.");
                        reader = checkpoint;
                        break;
                    }
                    batch.Add(JsonElement.ParseValue(ref reader));
                    continue;
                }
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartArray when reader.CurrentDepth == 0:
                        (_elementDepth, FoundArray) = (1, true);
                        break;
                    case JsonTokenType.StartObject when reader.CurrentDepth == 0:
                        RootIsObject = true;
                        break;
                    case JsonTokenType.PropertyName when reader.CurrentDepth == 1 && RootIsObject:
                        _property = reader.GetString();
                        break;
                    case JsonTokenType.StartArray when reader.CurrentDepth == 1 && RootIsObject && _property == arrayProperty:
                        (_elementDepth, FoundArray) = (2, true);
                        break;
                    case JsonTokenType.EndArray when reader.CurrentDepth == _elementDepth - 1:
                        _elementDepth = -1;
                        break;
                    case JsonTokenType.String when reader.CurrentDepth == 1 && RootIsObject && _property is { } name:
                        _strings[name] = reader.GetString()!;
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw new ImportFormatException($"is not JSON: {ex.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}");
        }
        state = reader.CurrentState;
        return ((int)reader.BytesConsumed, ended);
    }
}
