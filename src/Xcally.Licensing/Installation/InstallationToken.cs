using System.Diagnostics.CodeAnalysis;
using Xcally.Licensing.Installation;

namespace Xcally.Licensing;

/// <summary>
/// The installation token: the identity of one server, as the administrator copies it into the license
/// portal. Nine groups of five Crockford base32 symbols, for example
/// <c>4A1B9-7KQ3M-…</c>: a header (format version, key source, environment, platform tier, key tag),
/// then one group per <see cref="TokenComponent"/>. Each group ends with a check symbol, so a typo
/// or a truncated copy is caught and the faulty group named. Identifying values are only present as
/// keyed hashes; the processor count and memory size class are in clear, because they identify no one
/// and let support say what changed. Immutable.
/// </summary>
public sealed class InstallationToken : IEquatable<InstallationToken>
{
    /// <summary>The token format this library writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Groups in a version 1 token.</summary>
    public const int GroupCount = 9;

    private const int TextLength = (GroupCount * TokenCodec.SymbolsPerGroup) + GroupCount - 1;

    private readonly int[] _groups;
    private readonly string _text;

    private InstallationToken(int[] groups)
    {
        _groups = groups;
        var text = new char[TextLength];
        for (var g = 0; g < GroupCount; g++)
        {
            var start = g * (TokenCodec.SymbolsPerGroup + 1);
            TokenCodec.EncodeGroup(g, groups[g], text.AsSpan(start, TokenCodec.SymbolsPerGroup));
            if (g < GroupCount - 1)
            {
                text[start + TokenCodec.SymbolsPerGroup] = '-';
            }
        }

        _text = new string(text);
    }

    /// <summary>The token format version.</summary>
    public int Version => _groups[0] >> 17;

    /// <summary>Where the key of the token's hashes came from.</summary>
    public TokenKeySource KeySource => (TokenKeySource)((_groups[0] >> 15) & 0b11);

    /// <summary>The kind of machine the token was computed on.</summary>
    public ServerEnvironment Environment => (ServerEnvironment)((_groups[0] >> 12) & 0b111);

    /// <summary>How strongly the platform part identifies the hardware.</summary>
    public PlatformTier PlatformTier => (PlatformTier)((_groups[0] >> 10) & 0b11);

    /// <summary>
    /// Ten bits derived from the hashing key: two tokens with different key tags were keyed by different
    /// secrets (a reinstalled OS, a reset machine-id, another server), so their groups cannot be compared.
    /// </summary>
    public int KeyTag => _groups[0] & 0x3FF;

    /// <summary>The number of logical processors (capped at 1023), or <see langword="null"/> if it was not readable.</summary>
    public int? LogicalProcessors => Group(TokenComponent.Cpu) >> 10 is var count and > 0 ? count : null;

    /// <summary>The memory size class in GiB (the installed size the kernel's total rounds up to), or <see langword="null"/> if not readable.</summary>
    public int? MemoryGiB => Group(TokenComponent.Memory) is var gib and > 0 ? gib : null;

    /// <summary>Whether the token holds a value for <paramref name="component"/> (false when the source was absent, unreadable or excluded).</summary>
    public bool Has(TokenComponent component) => Group(component) != 0;

    internal int Group(TokenComponent component) => _groups[(int)component];

    internal int HeaderWithoutKeyTag => _groups[0] >> 10;

    internal static InstallationToken Create(
        TokenKeySource keySource,
        ServerEnvironment environment,
        PlatformTier platformTier,
        int keyTag,
        ReadOnlySpan<int> componentGroups)
    {
        if (componentGroups.Length != GroupCount - 1)
        {
            throw new ArgumentException($"A token has {GroupCount - 1} component groups.", nameof(componentGroups));
        }

        var groups = new int[GroupCount];
        groups[0] = (CurrentVersion << 17) | ((int)keySource << 15) | ((int)environment << 12) | ((int)platformTier << 10) | (keyTag & 0x3FF);
        for (var i = 0; i < componentGroups.Length; i++)
        {
            if ((uint)componentGroups[i] > TokenCodec.MaxGroupValue)
            {
                throw new ArgumentOutOfRangeException(nameof(componentGroups), "A token group holds 20 bits.");
            }

            groups[i + 1] = componentGroups[i];
        }

        return new InstallationToken(groups);
    }

    /// <summary>
    /// Checks a token as typed or pasted by a person: case, spaces, dashes and the look-alikes I, L and O
    /// are forgiven; a wrong or missing symbol is reported with the group it is in.
    /// </summary>
    public static InstallationTokenCheck Check(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return InstallationTokenCheck.Invalid("The token is empty. Copy it from Motion's License page (Settings → License).", null);
        }

        if (text.Length > 512)
        {
            return InstallationTokenCheck.Invalid($"The token is {text.Length} characters long; a token is {TextLength}. Copy only the token.", null);
        }

        Span<int> symbols = stackalloc int[GroupCount * TokenCodec.SymbolsPerGroup];
        var count = 0;
        foreach (var c in text)
        {
            if (c is '-' or ' ' or '\t' or '\u00A0' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\r' or '\n')
            {
                continue;
            }

            var value = TokenCodec.SymbolValue(c);
            if (value < 0)
            {
                var group = (count / TokenCodec.SymbolsPerGroup) + 1;
                var hint = char.ToUpperInvariant(c) == 'U'
                    ? " (U is never used in a token; check whether it is a V)"
                    : string.Empty;
                return count < symbols.Length
                    ? InstallationTokenCheck.Invalid($"Group {group} of the token contains '{c}', which is not a token character{hint}. Re-read group {group}.", group)
                    : InstallationTokenCheck.Invalid($"The token has extra characters after its {GroupCount} groups. Copy only the token.", null);
            }

            if (count == symbols.Length)
            {
                return InstallationTokenCheck.Invalid($"The token is too long: it has more than {GroupCount} groups of {TokenCodec.SymbolsPerGroup} characters. Copy only the token.", null);
            }

            symbols[count++] = value;
        }

        if (count < TokenCodec.SymbolsPerGroup)
        {
            return InstallationTokenCheck.Invalid("The token is too short to be a token; copy the whole token.", null);
        }

        // The header group is read first: a token from a newer algorithm is named as such, not as a typo.
        if (TokenCodec.TryDecodeGroup(0, symbols[..TokenCodec.SymbolsPerGroup], out var header) && header >> 17 != CurrentVersion)
        {
            return InstallationTokenCheck.Invalid($"This is a version {header >> 17} token; this software reads version {CurrentVersion} tokens. Update the software that reads it.", 1);
        }

        if (count != symbols.Length)
        {
            var complete = count / TokenCodec.SymbolsPerGroup;
            return InstallationTokenCheck.Invalid(
                $"The token is incomplete: {count} of {symbols.Length} characters ({complete} whole groups of {GroupCount}). It was probably cut off when copied; copy the whole token.",
                complete + 1);
        }

        var groups = new int[GroupCount];
        for (var g = 0; g < GroupCount; g++)
        {
            if (!TokenCodec.TryDecodeGroup(g, symbols.Slice(g * TokenCodec.SymbolsPerGroup, TokenCodec.SymbolsPerGroup), out groups[g]))
            {
                return InstallationTokenCheck.Invalid($"Group {g + 1} of the token does not match its check character: a character in it was mistyped, or groups were swapped. Re-read group {g + 1}.", g + 1);
            }
        }

        var token = new InstallationToken(groups);
        if (!Enum.IsDefined(token.Environment) || !Enum.IsDefined(token.KeySource))
        {
            return InstallationTokenCheck.Invalid("Group 1 of the token holds values this software does not know; the token was not made by XCALLY Motion, or by a newer version.", 1);
        }

        return InstallationTokenCheck.Valid(token);
    }

    /// <summary>Parses a token the way <see cref="Check"/> does.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out InstallationToken? token)
    {
        token = Check(text).Token;
        return token is not null;
    }

    /// <summary>Parses a token the way <see cref="Check"/> does.</summary>
    /// <exception cref="FormatException">The text is not a valid token; the message names the problem.</exception>
    public static InstallationToken Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var check = Check(text);
        return check.Token ?? throw new FormatException(check.Problem);
    }

    /// <summary>Compares the token a license was issued for with this server's current token.</summary>
    public static TokenComparison Compare(InstallationToken licensed, InstallationToken current)
    {
        ArgumentNullException.ThrowIfNull(licensed);
        ArgumentNullException.ThrowIfNull(current);
        return TokenComparison.Between(licensed, current);
    }

    /// <summary>The canonical form: upper case, nine groups separated by dashes.</summary>
    public override string ToString() => _text;

    /// <inheritdoc/>
    public bool Equals(InstallationToken? other) => other is not null && _text == other._text;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as InstallationToken);

    /// <inheritdoc/>
    public override int GetHashCode() => _text.GetHashCode(StringComparison.Ordinal);
}
