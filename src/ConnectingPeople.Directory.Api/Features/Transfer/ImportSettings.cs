using System.ComponentModel.DataAnnotations;

namespace ConnectingPeople.Directory.Api.Features.Transfer;

public sealed class ImportSettings
{
    public const string Section = "Import";

    /// <summary>
    /// Listings an import looks up, checks and saves together (one SaveChanges, one search-text refresh): larger chunks
    /// mean fewer round trips and more tracked at once. Row results, errors and audit entries are the same whatever it is.
    /// What a chunk holds lives for the chunk's save, long enough for the GC to move it to its oldest generation, so the
    /// API's memory during an import follows the chunk size: a 50 MB file (290,000 rows) took it up 171 MB at 100, 219 MB
    /// at 200, and more at 500, which saves about a quarter of the time (docs/benchmarks.md, import notes).
    /// </summary>
    [Range(1, 10_000)]
    public int ChunkSize { get; set; } = 100;

    /// <summary>
    /// Listings a real import writes before it first brings the planner's statistics up to date, and again each time
    /// that has doubled (<see cref="ImportStatistics"/>): below a few thousand rows the plans do not matter.
    /// </summary>
    [Range(1, int.MaxValue / 4)]
    public int AnalyzeFromRows { get; set; } = 5_000;
}
