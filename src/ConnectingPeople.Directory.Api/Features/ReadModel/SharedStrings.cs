namespace ConnectingPeople.Directory.Api.Features.ReadModel;

/// <summary>
/// One copy of each equal string read in one load. Many listings repeat the same short values (a summary line, a
/// schedule's rule, a town, an authority code), and each row read arrives as a string of its own: at 100,000 bench
/// listings sharing them saved tens of megabytes (docs/benchmarks.md, "Where the memory goes"). Not
/// <see cref="string.Intern"/>, whose pool lives as long as the process.
/// </summary>
public sealed class SharedStrings
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public string? Share(string? value) =>
        value is null ? null : _strings.TryGetValue(value, out var shared) ? shared : _strings[value] = value;
}
