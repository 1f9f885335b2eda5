namespace Xcally.Licensing;

/// <summary>Whether a token could be computed.</summary>
public enum InstallationTokenStatus
{
    /// <summary>The token was computed.</summary>
    Computed = 0,

    /// <summary>Tokens are computed on Linux only; there is never a silently weaker token on another system.</summary>
    UnsupportedPlatform = 1,

    /// <summary>No secret to key the hashes with: no machine-id, no installation key and no readable platform UUID.</summary>
    NoIdentity = 2,
}
