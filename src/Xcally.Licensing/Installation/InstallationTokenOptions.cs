namespace Xcally.Licensing;

/// <summary>Where <see cref="InstallationTokenReader"/> reads from.</summary>
public sealed class InstallationTokenOptions
{
    /// <summary>
    /// The folder that stands for "/": "/" on the server itself, or a tree collected with
    /// <c>xcally-license token collect</c> for support.
    /// </summary>
    public string RootDirectory { get; init; } = "/";

    /// <summary>
    /// The persisted installation key (64 hex characters), below <see cref="RootDirectory"/>, used only
    /// when there is no machine-id, as in most containers. Keep it on the installation's volume.
    /// </summary>
    public string InstallationKeyPath { get; init; } = "/var/lib/xcally-licensing/installation-key";
}
