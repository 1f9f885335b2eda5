namespace Xcally.Licensing.Runtime;

/// <summary>
/// What the licensing policy decided: the state and why, until when, which license it rests on, what
/// to record, and what happened that the license log should say.
/// </summary>
internal sealed record LicensingDecision
{
    public required LicenseState State { get; init; }

    /// <summary>The reason, worded for the administrator.</summary>
    public required string Reason { get; init; }

    /// <summary>The state to record (the caller saves it if it differs from the recorded one).</summary>
    public required LicensingState Record { get; init; }

    /// <summary>The genuine installed license, if the decision rests on one (also in Trial and Deactivated).</summary>
    public LicenseDocument? License { get; init; }

    public string? PayloadSha256 { get; init; }

    /// <summary>When grace ends (Grace) or ended (Trial after grace).</summary>
    public DateTimeOffset? GraceEndsAt { get; init; }

    /// <summary>How the server's token differs from the license's, when it does.</summary>
    public TokenComparison? TokenDiff { get; init; }

    /// <summary>What the license log should record, in order.</summary>
    public IReadOnlyList<LicensingEvent> Events { get; init; } = [];

    /// <summary><see langword="true"/> in Active and Grace: the license's entitlements apply; otherwise the trial's.</summary>
    public bool GrantsLicense => State is LicenseState.Active or LicenseState.Grace;
}

/// <summary>Something the policy saw that belongs in the license log.</summary>
internal abstract record LicensingEvent
{
    /// <summary>An install interrupted after its file was in place was finished at startup.</summary>
    public sealed record InstallCompletedAfterRestart(string PayloadSha256) : LicensingEvent;

    /// <summary>The server's token matches the license again, so its grace period ended.</summary>
    public sealed record TokenMatchesAgain : LicensingEvent;

    /// <summary>The server's token differs from the license's (a grace period starts, or goes on for another token).</summary>
    public sealed record TokenChanged(string LicensedToken, string CurrentToken, TokenComparison? Diff) : LicensingEvent;
}
