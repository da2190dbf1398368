using System.ComponentModel.DataAnnotations;

namespace ConnectingPeople.Directory.Api.Features.Transfer;

public sealed class ImportSettings
{
    public const string Section = "Import";

    /// <summary>
    /// Listings an import looks up, checks and saves together (one SaveChanges, one search-text refresh): larger chunks
    /// mean fewer round trips and more tracked at once. Row results, errors and audit entries are the same whatever it is.
    /// </summary>
    [Range(1, 10_000)]
    public int ChunkSize { get; set; } = 500;

    /// <summary>
    /// Listings a real import writes before it first brings the planner's statistics up to date, and again each time
    /// that has doubled (<see cref="ImportStatistics"/>): below a few thousand rows the plans do not matter.
    /// </summary>
    [Range(1, int.MaxValue / 4)]
    public int AnalyzeFromRows { get; set; } = 5_000;
}
