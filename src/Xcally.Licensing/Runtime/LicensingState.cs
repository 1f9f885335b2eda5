namespace Xcally.Licensing.Runtime;

/// <summary>
/// What the runtime remembers between restarts: which license file is installed (and which one an
/// interrupted install was putting in place), when a grace period started and for which token, the
/// latest time ever seen (clock rollback), and the newest issue time ever installed (downgrades).
/// </summary>
internal sealed record LicensingState
{
    public long Sequence { get; init; }

    public string? InstalledSha256 { get; init; }

    public string? PendingSha256 { get; init; }

    public DateTimeOffset? NewestIssuedAt { get; init; }

    public DateTimeOffset? GraceStartedAt { get; init; }

    public string? GraceToken { get; init; }

    public DateTimeOffset LatestSeen { get; init; }

    /// <summary>Set when the stored state was found deleted, edited or rolled back: no grace until a new license is installed.</summary>
    public bool GraceForfeited { get; init; }
}
