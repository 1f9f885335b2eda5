namespace Xcally.Licensing;

/// <summary>A change of <see cref="LicensingService.State"/>.</summary>
public sealed class LicenseStateChangedEventArgs(LicenseStatus previous, LicenseStatus current) : EventArgs
{
    /// <summary>The status before.</summary>
    public LicenseStatus Previous { get; } = previous;

    /// <summary>The status now.</summary>
    public LicenseStatus Current { get; } = current;
}
