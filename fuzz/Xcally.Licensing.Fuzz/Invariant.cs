using System.Diagnostics.CodeAnalysis;

namespace Xcally.Licensing.Fuzz;

/// <summary>The checks every harness makes; a failed one throws, which AFL records as a crash.</summary>
internal static class Invariant
{
    public static void Require([DoesNotReturnIf(false)] bool condition, string what)
    {
        if (!condition)
        {
            throw new InvariantViolationException(what);
        }
    }

    public static void Defined<T>(T value)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new InvariantViolationException($"{typeof(T).Name} {value} is not a defined value.");
        }
    }

    /// <summary>A problem or reason meant for a person: present, and not just white space.</summary>
    public static void Sentence([NotNull] string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvariantViolationException($"{what} is empty.");
        }
    }
}
