namespace Xcally.Licensing.Fuzz;

/// <summary>
/// One fuzz target: code under test fed with the fuzzer's bytes. <see cref="Run"/> lets every exception
/// escape, and checks invariants that correct code cannot break (throwing <see cref="InvariantViolationException"/>),
/// so that both reach AFL as crashes.
/// </summary>
internal abstract class Harness
{
    /// <summary>The harness name given on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>What the harness feeds, for the usage text.</summary>
    public abstract string Description { get; }

    /// <summary>Strings the fuzzer should splice in (afl-fuzz -x): field names, markers, the characters the readers treat specially.</summary>
    public abstract IEnumerable<byte[]> DictionaryTokens { get; }

    /// <summary>Runs one input.</summary>
    public abstract void Run(ReadOnlySpan<byte> input);

    /// <summary>Dictionary tokens given as text, in UTF-8.</summary>
    protected static IEnumerable<byte[]> Utf8(params string[] tokens) => tokens.Select(System.Text.Encoding.UTF8.GetBytes);
}
