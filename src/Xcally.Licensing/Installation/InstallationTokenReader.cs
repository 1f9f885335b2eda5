using System.Runtime.InteropServices;
using Xcally.Licensing.Installation;
using Xcally.Licensing.Installation.Sources;

namespace Xcally.Licensing;

/// <summary>
/// Computes this server's installation token from /etc, /proc and /sys (no subprocess), as described
/// in docs/installation-token.md. Never throws for what it finds on the server: a missing or
/// unreadable source is absent from the token, not an error.
/// </summary>
public static class InstallationTokenReader
{
    /// <summary>Computes the token of the server, or of the tree at <see cref="InstallationTokenOptions.RootDirectory"/>.</summary>
    public static InstallationTokenReading Read(InstallationTokenOptions? options = null)
    {
        options ??= new InstallationTokenOptions();
        if (!OperatingSystem.IsLinux())
        {
            return new InstallationTokenReading(
                InstallationTokenStatus.UnsupportedPlatform,
                $"Installation tokens are computed on Linux only, and this is {RuntimeInformation.OSDescription}. XCALLY Motion servers run Linux.",
                null, ServerEnvironment.Unknown, "unknown", null, []);
        }

        if (!Directory.Exists(options.RootDirectory))
        {
            return new InstallationTokenReading(
                InstallationTokenStatus.NoIdentity, $"The folder {options.RootDirectory} does not exist.", null, ServerEnvironment.Unknown, "unknown", null, []);
        }

        return Read(new SystemTree(options.RootDirectory), options.InstallationKeyPath);
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    internal static InstallationTokenReading Read(SystemTree tree, string installationKeyPath)
    {
        var machineId = MachineIdSource.Read(tree, out var machineIdExplanation);
        var platform = PlatformSource.Read(tree, out var tier, out var platformUuid);
        var disk = RootDiskSource.Read(tree);
        var cpu = CpuSource.Read(tree, out var logicalProcessors, out var cpuFlags);
        var memory = MemorySource.Read(tree, out var memoryGiB);
        var (environment, environmentExplanation) = EnvironmentProbe.Detect(tree, cpuFlags);
        var (cards, addresses) = NetworkSource.Read(tree);
        var hostname = HostnameSource.Read(tree);

        // Inside a container the host name, the addresses and the (virtual) network cards are new on every restart.
        if (environment == ServerEnvironment.Container)
        {
            const string why = "left out in a container: it changes on every container restart";
            cards = ComponentValue.Excluded(why);
            addresses = ComponentValue.Excluded(why);
            hostname = ComponentValue.Excluded(why);
        }

        byte[]? secret;
        TokenKeySource keySource;
        if (machineId is not null)
        {
            (secret, keySource) = (machineId, TokenKeySource.MachineId);
        }
        else if (InstallationKeySource.Read(tree, installationKeyPath) is { } installationKey)
        {
            (secret, keySource) = (installationKey, TokenKeySource.InstallationKey);
            machineIdExplanation += $"; keyed by the installation key {installationKeyPath} instead";
        }
        else if (platformUuid is not null)
        {
            (secret, keySource) = (platformUuid, TokenKeySource.PlatformUuid);
            machineIdExplanation += "; keyed by the platform UUID instead";
        }
        else
        {
            (secret, keySource) = (null, default);
        }

        var machineIdValue = machineId is not null
            ? ComponentValue.Present([], machineIdExplanation)
            : tree.RestrictedFiles.Any(MachineIdSource.Paths.Contains) ? ComponentValue.Restricted(machineIdExplanation) : ComponentValue.Absent(machineIdExplanation);

        var values = new[] { machineIdValue, platform, disk, cards, cpu, memory, hostname, addresses };
        var readings = new List<TokenComponentReading>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            readings.Add(new TokenComponentReading((TokenComponent)(i + 1), values[i].Availability, values[i].Explanation));
        }


        if (secret is null)
        {
            return new InstallationTokenReading(
                InstallationTokenStatus.NoIdentity,
                "This server has no identity to compute a token from: no /etc/machine-id, no installation key and no readable platform UUID. " +
                "Create a machine-id with 'systemd-machine-id-setup' (in a container, mount the host's /etc/machine-id read-only, or persist an installation key; see docs/installation-token.md).",
                null, environment, environmentExplanation, null, readings);
        }

        using var key = new ComponentKey(secret);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
        Span<int> groups = stackalloc int[InstallationToken.GroupCount - 1];
        for (var i = 0; i < values.Length; i++)
        {
            var component = (TokenComponent)(i + 1);
            groups[i] = !values[i].IsPresent ? 0 : component switch
            {
                TokenComponent.Cpu => (Math.Clamp(logicalProcessors, 0, 1023) << 10) | key.Digest10(component, values[i].Canonical),
                TokenComponent.Memory => memoryGiB,
                _ => key.Digest20(component, values[i].Canonical),
            };
        }

        var token = InstallationToken.Create(keySource, environment, platform.IsPresent ? tier : PlatformTier.None, key.Tag(), groups);
        return new InstallationTokenReading(InstallationTokenStatus.Computed, null, token, environment, environmentExplanation, keySource, readings);
    }
}
