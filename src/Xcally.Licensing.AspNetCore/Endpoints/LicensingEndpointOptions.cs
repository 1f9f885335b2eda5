namespace Xcally.Licensing.AspNetCore;

/// <summary>
/// What <c>MapXcallyLicensing</c> needs from the host: the authorization policy for each kind of
/// endpoint. Both are required; there is no anonymous default.
/// </summary>
public sealed class LicensingEndpointOptions
{
    /// <summary>The policy for the endpoints that read: status, token, log, the update's state.</summary>
    public string? ReadPolicy { get; set; }

    /// <summary>The policy for the endpoints that change: install a license, check for an update now.</summary>
    public string? ChangePolicy { get; set; }
}
