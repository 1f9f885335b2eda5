namespace Xcally.Licensing.Signer.Cli;

/// <summary>What commands take from the process, so tests can run them in-process with fakes.</summary>
internal sealed class CliContext
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    public TextReader StandardInput { get; init; } = Console.In;

    public static CliContext Default { get; } = new();
}
