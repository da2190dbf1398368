using System.ComponentModel.DataAnnotations;

namespace ConnectingPeople.Directory.Api.Features.ReadModel;

public sealed class ReadModelOptions
{
    public const string Section = "ReadModel";

    /// <summary>Answer anonymous searches from the in-process copy (false: every read goes to PostgreSQL, as before).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The freshness bound: the copy answers only while its last confirmed catch-up with the changes feed began at most
    /// this long ago. Beyond it (listener cut, catch-up stuck) reads go to PostgreSQL until it has caught up again.
    /// </summary>
    [Range(0.1, 60)]
    public double MaxLagSeconds { get; set; } = 2;

    /// <summary>How often the copy confirms it is current when no change has been announced.</summary>
    [Range(0.05, 30)]
    public double HeartbeatSeconds { get; set; } = 0.5;
}
