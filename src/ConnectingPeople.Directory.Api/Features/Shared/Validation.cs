namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>Collects every problem with a request, field by field, so the caller can fix them all at once.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    private int _messages;
    private int _unknown;

    public bool IsValid => _errors.Count == 0;

    /// <summary>
    /// Every problem is a well-formed value naming something the directory does not know (a postcode not in its
    /// tables): the request is understood but cannot be processed, a 422 rather than a 400 (see Problems.Rejected).
    /// </summary>
    public bool OnlyUnknownValues => _unknown > 0 && _unknown == _messages;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages)) _errors[field] = messages = [];
        messages.Add(message);
        _messages++;
    }

    /// <summary>A well-formed value that names nothing the directory knows (see <see cref="OnlyUnknownValues"/>).</summary>
    public void AddUnknown(string field, string message)
    {
        Add(field, message);
        _unknown++;
    }

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
