using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Xcally.Licensing;

/// <summary>
/// A computed installation token with the explanation of each component, or the reason there is
/// none. Holds no raw identifying value, so it can be logged and shown to support. Immutable.
/// </summary>
public sealed class InstallationTokenReading
{
    internal InstallationTokenReading(
        InstallationTokenStatus status,
        string? problem,
        InstallationToken? token,
        ServerEnvironment environment,
        string environmentExplanation,
        TokenKeySource? keySource,
        IReadOnlyList<TokenComponentReading> components)
    {
        Status = status;
        Problem = problem;
        Token = token;
        Environment = environment;
        EnvironmentExplanation = environmentExplanation;
        KeySource = keySource;
        Components = components;
    }

    /// <summary>Whether the token was computed.</summary>
    public InstallationTokenStatus Status { get; }

    /// <summary>Why there is no token, and what to do; <see langword="null"/> when computed.</summary>
    public string? Problem { get; }

    /// <summary>The token, when computed.</summary>
    public InstallationToken? Token { get; }

    /// <summary>Whether the token was computed.</summary>
    [MemberNotNullWhen(true, nameof(Token))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsComputed => Token is not null;

    /// <summary>The kind of machine.</summary>
    public ServerEnvironment Environment { get; }

    /// <summary>What the environment was told from.</summary>
    public string EnvironmentExplanation { get; }

    /// <summary>Where the hashing key came from, when one was found.</summary>
    public TokenKeySource? KeySource { get; }

    /// <summary>Every component, in token order, with what it was made of or why it is missing.</summary>
    public IReadOnlyList<TokenComponentReading> Components { get; }

    /// <summary>Returns the token.</summary>
    /// <exception cref="InvalidOperationException">No token could be computed; the message says why.</exception>
    public InstallationToken EnsureComputed() => Token ?? throw new InvalidOperationException(Problem);

    /// <summary>A readable explanation: the token, the environment, the key source and each component.</summary>
    public string Explain()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"token        {(Token?.ToString() ?? "(none) " + Problem)}\n");
        text.Append(CultureInfo.InvariantCulture, $"environment  {EnvironmentExplanation}\n");
        text.Append(CultureInfo.InvariantCulture, $"keyed by     {KeySource switch
        {
            TokenKeySource.MachineId => "the machine-id",
            TokenKeySource.InstallationKey => "the installation key",
            TokenKeySource.PlatformUuid => "the platform UUID (no machine-id)",
            _ => "nothing: no identity found",
        }}\n");
        foreach (var component in Components)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {TokenComparison.Name(component.Component),-14} {component.Availability.ToString().ToLowerInvariant(),-10} {component.Explanation}\n");
        }

        return text.ToString();
    }

    /// <summary>The token, or the problem.</summary>
    public override string ToString() => Token?.ToString() ?? Problem!;
}
