namespace ConnectingPeople.Directory.Api.Data.Seed;

public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>The seed-data folder; found by walking up from the working directory when not set.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Load the fictional sample listings as well as the reference data.</summary>
    public bool SampleData { get; set; }

    public string ResolveDataDirectory()
    {
        if (!string.IsNullOrWhiteSpace(DataDirectory)) return Path.GetFullPath(DataDirectory);
        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "seed-data");
                if (File.Exists(Path.Combine(candidate, "taxonomies.json"))) return candidate;
            }
        }
        throw new InvalidOperationException("Could not find the seed-data folder; set Seed__DataDirectory to its path.");
    }
}
