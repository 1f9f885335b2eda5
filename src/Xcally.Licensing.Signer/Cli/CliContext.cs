namespace Xcally.Licensing.Signer.Cli;

/// <summary>What commands take from the process, so tests can run them in-process with fakes.</summary>
internal sealed class CliContext
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    public TextReader StandardInput { get; init; } = Console.In;

    /// <summary>Settings that override every configuration file and variable (tests point the ledger at a temporary file).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Whether a progress display may be drawn (standard error is a terminal).</summary>
    public bool ShowProgress { get; init; } = !Console.IsErrorRedirected;

    /// <summary>The largest batch file (JSON lines) <c>issue</c> reads: 256 MiB, some 650,000 requests.</summary>
    public int MaxBatchFileSize { get; init; } = 256 * 1024 * 1024;

    public static CliContext Default { get; } = new();
}
