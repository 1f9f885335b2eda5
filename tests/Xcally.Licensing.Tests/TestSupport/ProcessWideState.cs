namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>Tests that change process-wide state (the current folder) run alone, never beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideState
{
    public const string Name = "process-wide state";
}
