using System.Diagnostics.CodeAnalysis;

namespace Xcally.Licensing;

/// <summary>The outcome of checking a typed or pasted token: the token, or the problem and the group it is in. Immutable.</summary>
public sealed class InstallationTokenCheck
{
    private InstallationTokenCheck(InstallationToken? token, string? problem, int? badGroup)
    {
        Token = token;
        Problem = problem;
        BadGroup = badGroup;
    }

    /// <summary>The token, when it is valid.</summary>
    public InstallationToken? Token { get; }

    /// <summary>What is wrong, in a sentence that says what to do; <see langword="null"/> when valid.</summary>
    public string? Problem { get; }

    /// <summary>The 1-based group the problem is in, when it can be told.</summary>
    public int? BadGroup { get; }

    /// <summary>Whether the text is a valid token.</summary>
    [MemberNotNullWhen(true, nameof(Token))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsValid => Token is not null;

    internal static InstallationTokenCheck Valid(InstallationToken token) => new(token, null, null);

    internal static InstallationTokenCheck Invalid(string problem, int? badGroup) => new(null, problem, badGroup);

    /// <summary>The token, or the problem.</summary>
    public override string ToString() => Token?.ToString() ?? Problem!;
}
