namespace Xcally.Licensing.AspNetCore;

/// <summary>
/// What <c>MapXcallyLicensing</c> needs from the host: the authorization policy for each kind of
/// endpoint, and where the License page goes. Both policies are required; there is no anonymous default.
/// </summary>
public sealed class LicensingEndpointOptions
{
    /// <summary>The policy for the endpoints that read: status, token, log, seats, the update's state.</summary>
    public string? ReadPolicy { get; set; }

    /// <summary>The policy for the endpoints that change: install a license, check for an update now.</summary>
    public string? ChangePolicy { get; set; }

    /// <summary>Whether the License page is mapped as well as the API (default <see langword="true"/>).</summary>
    public bool MapPage { get; set; } = true;

    /// <summary>
    /// Where the License page is served: <c>"/"</c>, <c>"/settings/license"</c>. When not set, it is the
    /// API's prefix followed by <c>/page</c>. Its script and style sheet are served under
    /// <c>{PagePath}/_license/</c>.
    /// </summary>
    public string? PagePath { get; set; }

    /// <summary>
    /// The policy for the page and its script and style sheet; when not set, <see cref="ReadPolicy"/>.
    /// The page holds no data (everything it shows comes from the API under the read policy), so a
    /// host whose credential the page asks for, such as a bearer token, may name a policy that lets
    /// anyone load it.
    /// </summary>
    public string? PagePolicy { get; set; }
}
