namespace Xcally.Licensing.Installation;

/// <summary>
/// The weights and thresholds that tell "the same server, changed" from "a different server". They
/// decide only that verdict; any change at all of the same server still starts the grace period.
/// Kept in one place and documented in docs/installation-token.md.
/// </summary>
internal static class TokenPolicy
{
    /// <summary>Share of the weight both tokens hold that must be unchanged for "same server, changed".</summary>
    public const double SameServerShare = 0.65;

    /// <summary>Below this much comparable weight there is not enough evidence to call it the same server.</summary>
    public const int MinimumComparableWeight = 6;

    public static int Weight(TokenComponent component) => component switch
    {
        TokenComponent.MachineId or TokenComponent.Platform => 3,
        TokenComponent.RootDisk or TokenComponent.NetworkCards => 2,
        _ => 1,
    };

    /// <summary>The anchors: one of them must be unchanged for the server to count as the same.</summary>
    public static bool IsAnchor(TokenComponent component) => component is TokenComponent.MachineId or TokenComponent.Platform;
}
