namespace Xcally.Licensing;

/// <summary>What a license file is for.</summary>
public enum LicenseKind
{
    /// <summary>A billed license for a plan, renewed each billing period.</summary>
    Subscription = 0,

    /// <summary>A free 30-day demo.</summary>
    Demo = 1,

    /// <summary>A signed deactivation of the server: it grants nothing and supersedes every earlier license.</summary>
    Deactivation = 2,
}
