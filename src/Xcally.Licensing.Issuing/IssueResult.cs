using System.Diagnostics.CodeAnalysis;

namespace Xcally.Licensing.Issuing;

/// <summary>
/// What an issuing operation did: the license it signed and recorded, or the refusal and why; nothing
/// is signed or recorded for a refused request. Immutable.
/// </summary>
internal sealed class IssueResult
{
    private IssueResult(IssuedLicense? license, Refusal? refusal, IReadOnlyList<string> notes, TokenComparison? tokenChange, IReadOnlyList<IssuedLicense>? alongside = null)
    {
        License = license;
        Alongside = alongside ?? [];
        Refusal = refusal;
        Notes = notes;
        TokenChange = tokenChange;
    }

    /// <summary>The signed license and its ledger entry; <see langword="null"/> when refused.</summary>
    public IssuedLicense? License { get; }

    /// <summary>Why the request was refused; <see langword="null"/> when issued.</summary>
    public Refusal? Refusal { get; }

    /// <summary><see langword="true"/> if the license was signed and recorded.</summary>
    [MemberNotNullWhen(true, nameof(License))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsIssued => License is not null;

    /// <summary>Licenses signed and recorded in the same transaction: for a move, the old token's deactivation.</summary>
    public IReadOnlyList<IssuedLicense> Alongside { get; }

    /// <summary>What the team should know about an issued license (a decrease that waits for next month, the token diff of a move).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>
    /// For a request that moves the license to another token: how the tokens differ, once the request got
    /// that far, whether it was then issued or refused (the team reads it either way).
    /// </summary>
    public TokenComparison? TokenChange { get; }

    public static IssueResult Issued(IssuedLicense license, IReadOnlyList<string>? notes = null, TokenComparison? tokenChange = null, IReadOnlyList<IssuedLicense>? alongside = null)
    {
        ArgumentNullException.ThrowIfNull(license);
        return new IssueResult(license, null, notes ?? [], tokenChange, alongside);
    }

    public static IssueResult Refused(RefusalCode code, string message, TokenComparison? tokenChange = null) =>
        new(null, new Refusal(code, message), [], tokenChange);

    /// <summary>The serial issued, or the refusal.</summary>
    public override string ToString() => IsIssued ? $"issued serial {License.License.Serial}" : $"refused: {Refusal}";
}
