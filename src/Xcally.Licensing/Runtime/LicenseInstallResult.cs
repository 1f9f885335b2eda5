namespace Xcally.Licensing;

/// <summary>The outcome of a manual license update. Immutable.</summary>
public sealed class LicenseInstallResult
{
    internal LicenseInstallResult(LicenseInstallOutcome outcome, string message, LicenseStatus status)
    {
        Outcome = outcome;
        Message = message;
        Status = status;
    }

    /// <summary>What happened.</summary>
    public LicenseInstallOutcome Outcome { get; }

    /// <summary>Whether the pasted license is now the installed one (also when it already was).</summary>
    public bool Accepted => Outcome is LicenseInstallOutcome.Installed or LicenseInstallOutcome.AlreadyInstalled;

    /// <summary>For the administrator: what happened, or what is wrong and what to do.</summary>
    public string Message { get; }

    /// <summary>The licensing status after the attempt.</summary>
    public LicenseStatus Status { get; }

    /// <summary>The outcome and the message.</summary>
    public override string ToString() => $"{Outcome}: {Message}";
}

/// <summary>The outcome of a manual license update.</summary>
public enum LicenseInstallOutcome
{
    /// <summary>The license was installed and is in force.</summary>
    Installed = 0,

    /// <summary>The same license is already installed: nothing changed.</summary>
    AlreadyInstalled = 1,

    /// <summary>The text is not a genuine license for a trusted key (damaged, forged, unknown key…).</summary>
    NotGenuine = 2,

    /// <summary>The license is for another server's token.</summary>
    WrongToken = 3,

    /// <summary>The license is not valid yet.</summary>
    NotYetValid = 4,

    /// <summary>The license has expired.</summary>
    Expired = 5,

    /// <summary>The license was issued before the installed one: a downgrade or an undone deactivation.</summary>
    Older = 6,

    /// <summary>The license could not be stored; nothing changed.</summary>
    StorageFailed = 7,
}
