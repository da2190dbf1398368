namespace ConnectingPeople.Directory.Api.Tests.Infrastructure;

/// <summary>
/// Tests whose promise has a time in it (an edit on one instance in search on the other within a second) run in this
/// collection: after the parallel ones, with nothing else running, so a busy test run cannot make them miss it. The
/// bound stays the issue's; only the company changes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
