using System.Runtime.Versioning;
using Xcally.Licensing.Installation.Sources;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Installation;

/// <summary>The fixture matrix: each tree under TestData/servers against its base, by token and by diff.</summary>
[SupportedOSPlatform("linux")]
public sealed class TokenFixtureTests
{
    [Fact]
    public void An_unchanged_server_sampled_again_gives_the_same_token()
    {
        // Different CPU frequencies, free memory and a rotated temporary IPv6 address.
        Assert.Equal(ServerFixtures.Token("metal-base"), ServerFixtures.Token("metal-unchanged-again"));
        Assert.Equal(ServerFixtures.Token("metal-base"), ServerFixtures.Token("metal-base"));
    }

    [Theory]
    [InlineData("metal-kernel-upgraded")]
    [InlineData("metal-docker-churn")]
    [InlineData("metal-docker-churn-2")]
    [InlineData("metal-bonded")]
    public void Changes_that_are_not_changes_of_the_server_keep_the_token(string fixture)
    {
        Assert.Equal(ServerFixtures.Token("metal-base").ToString(), ServerFixtures.Token(fixture).ToString());
    }

    [Theory]
    [InlineData("metal-nic-replaced", TokenComponent.NetworkCards)]
    [InlineData("metal-ip-changed", TokenComponent.IpAddresses)]
    [InlineData("metal-hostname-changed", TokenComponent.Hostname)]
    [InlineData("metal-disk-replaced", TokenComponent.RootDisk)]
    [InlineData("metal-memory-upgraded", TokenComponent.Memory)]
    public void A_change_of_one_part_names_exactly_that_part_and_is_the_same_server_changed(string fixture, TokenComponent changed)
    {
        var comparison = InstallationToken.Compare(ServerFixtures.Token("metal-base"), ServerFixtures.Token(fixture));

        Assert.Equal([changed], comparison.Changed);
        Assert.Equal(TokenVerdict.SameServerChanged, comparison.Verdict);
        Assert.Equal(14, comparison.ComparableWeight);
    }

    [Fact]
    public void A_memory_upgrade_is_explained_with_both_sizes()
    {
        var comparison = InstallationToken.Compare(ServerFixtures.Token("metal-base"), ServerFixtures.Token("metal-memory-upgraded"));

        Assert.Equal("16 GiB → 32 GiB", comparison.Components.Single(c => c.Component == TokenComponent.Memory).Detail);
        Assert.Equal(32, ServerFixtures.Token("metal-memory-upgraded").MemoryGiB);
    }

    [Fact]
    public void A_copied_VM_is_a_different_server()
    {
        var comparison = InstallationToken.Compare(ServerFixtures.Token("vm-base"), ServerFixtures.Token("vm-cloned"));

        Assert.Equal(TokenVerdict.DifferentServer, comparison.Verdict);
        Assert.Contains(TokenComponent.Platform, comparison.Changed);
        Assert.Contains(TokenComponent.NetworkCards, comparison.Changed);
        Assert.Equal(ComponentChange.Same, comparison.Components.Single(c => c.Component == TokenComponent.MachineId).Change);
        Assert.Equal(ServerEnvironment.VirtualMachine, ServerFixtures.Token("vm-base").Environment);
    }

    [Fact]
    public void A_container_restart_keeps_the_token_and_leaves_out_what_changes_with_each_restart()
    {
        var before = ServerFixtures.Read("container-a");
        var after = ServerFixtures.Read("container-b");

        Assert.Equal(before.Token, after.Token);
        Assert.Equal(ServerEnvironment.Container, before.Environment);
        Assert.Equal(TokenKeySource.InstallationKey, before.KeySource);
        foreach (var excluded in new[] { TokenComponent.NetworkCards, TokenComponent.Hostname, TokenComponent.IpAddresses })
        {
            Assert.Equal(ComponentAvailability.Excluded, before.Components.Single(c => c.Component == excluded).Availability);
        }
    }

    [Fact]
    public void Without_a_machine_id_the_platform_UUID_keys_the_token_and_the_change_is_reported_as_another_identity()
    {
        var reading = ServerFixtures.Read("metal-machine-id-missing");

        Assert.Equal(TokenKeySource.PlatformUuid, reading.Token!.KeySource);
        Assert.Equal(ComponentAvailability.Absent, reading.Components.Single(c => c.Component == TokenComponent.MachineId).Availability);
        Assert.False(reading.Token.Has(TokenComponent.MachineId));
        var comparison = InstallationToken.Compare(ServerFixtures.Token("metal-base"), reading.Token);
        Assert.Equal(TokenVerdict.DifferentServer, comparison.Verdict);
        Assert.Contains("platform UUID instead of the machine-id", comparison.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void With_no_identity_at_all_there_is_no_token_and_the_reason_says_what_to_do()
    {
        var reading = ServerFixtures.Read("metal-no-identity");

        Assert.Equal(InstallationTokenStatus.NoIdentity, reading.Status);
        Assert.Null(reading.Token);
        Assert.Contains("systemd-machine-id-setup", reading.Problem, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(reading.EnsureComputed);
    }

    [Fact]
    public void A_VM_disk_without_a_serial_counts_by_its_filesystem_alone_and_stays_stable()
    {
        var reading = ServerFixtures.Read("vm-disk-no-serial");
        var disk = reading.Components.Single(c => c.Component == TokenComponent.RootDisk);

        Assert.Equal(ComponentAvailability.Present, disk.Availability);
        Assert.Contains("no disk serial", disk.Explanation, StringComparison.Ordinal);
        Assert.Equal(reading.Token, ServerFixtures.Token("vm-disk-no-serial"));
    }

    [Fact]
    public void The_LVM_root_is_followed_to_the_serial_of_the_disk_underneath()
    {
        var disk = ServerFixtures.Read("vm-base").Components.Single(c => c.Component == TokenComponent.RootDisk);

        Assert.Equal("xfs filesystem UUID, 1 disk serial(s)", disk.Explanation);
    }

    [Fact]
    public void Running_without_root_gives_the_same_token_as_root()
    {
        using var server = ServerFixtures.Copy("metal-base");
        foreach (var rootOnly in new[] { "product_uuid", "product_serial", "board_serial" })
        {
            File.SetUnixFileMode(Path.Combine(server.Root, "sys/class/dmi/id", rootOnly), UnixFileMode.UserRead);
        }

        var asRoot = InstallationTokenReader.Read(new SystemTree(server.Root), "/var/lib/xcally-licensing/installation-key");
        var asUser = InstallationTokenReader.Read(new ServerFixtures.UnprivilegedTree(server.Root), "/var/lib/xcally-licensing/installation-key");

        Assert.Equal(asRoot.Token, asUser.Token);
        Assert.Equal(PlatformTier.Model, asRoot.Token!.PlatformTier);
        Assert.Contains("readable by root only", asRoot.Components.Single(c => c.Component == TokenComponent.Platform).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Granting_read_access_to_the_UUID_is_reported_as_a_platform_change_of_the_same_server()
    {
        using var server = ServerFixtures.Copy("metal-base");
        File.SetUnixFileMode(Path.Combine(server.Root, "sys/class/dmi/id/product_uuid"), UnixFileMode.UserRead);
        var restricted = InstallationTokenReader.Read(new InstallationTokenOptions { RootDirectory = server.Root }).EnsureComputed();

        var comparison = InstallationToken.Compare(restricted, ServerFixtures.Token("metal-base"));

        Assert.Equal([TokenComponent.Platform], comparison.Changed);
        Assert.Equal(TokenVerdict.SameServerChanged, comparison.Verdict);
        Assert.Contains("Serial then, Uuid now", comparison.Components.Single(c => c.Component == TokenComponent.Platform).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_UUID_in_either_SMBIOS_byte_order_is_the_same_platform()
    {
        using var server = ServerFixtures.Copy("metal-base");
        // 4C4C4544-0042-3510-8058-B4C04F4D3732 with its first three fields byte-swapped.
        File.WriteAllText(Path.Combine(server.Root, "sys/class/dmi/id/product_uuid"), "44454C4C-4200-1035-8058-B4C04F4D3732\n");

        Assert.Equal(ServerFixtures.Token("metal-base"), InstallationTokenReader.Read(new InstallationTokenOptions { RootDirectory = server.Root }).Token);
    }

    [Theory]
    [InlineData("uninitialized\n")]
    [InlineData("\n")]
    [InlineData("00000000000000000000000000000000\n")]
    public void A_placeholder_machine_id_counts_as_missing(string content)
    {
        using var server = ServerFixtures.Copy("metal-base");
        File.WriteAllText(Path.Combine(server.Root, "etc/machine-id"), content);

        Assert.Equal(ServerFixtures.Token("metal-machine-id-missing"), InstallationTokenReader.Read(new InstallationTokenOptions { RootDirectory = server.Root }).Token);
    }

    [Fact]
    public void No_raw_identifying_value_appears_in_any_token_explanation_or_diff()
    {
        var texts = new List<string>();
        foreach (var fixture in Directory.EnumerateDirectories(ServerFixtures.Folder).Select(Path.GetFileName))
        {
            var reading = ServerFixtures.Read(fixture!);
            texts.Add(reading.Explain());
            texts.Add(reading.ToString());
            if (reading.Token is { } token)
            {
                texts.Add(InstallationToken.Compare(ServerFixtures.Token("metal-base"), token).ToString());
            }
        }

        Assert.True(texts.Count > 30);
        foreach (var raw in ServerFixtures.RawValues)
        {
            Assert.DoesNotContain(texts, t => t.Contains(raw, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void The_memory_size_class_rounds_MemTotal_up_to_the_size_memory_is_sold_in()
    {
        Assert.Equal(16, MemorySource.SizeClass(16248860));
        Assert.Equal(16, MemorySource.SizeClass(16044060));
        Assert.Equal(32, MemorySource.SizeClass(32698216));
        Assert.Equal(8, MemorySource.SizeClass(8131212));
        Assert.Equal(12, MemorySource.SizeClass(11 * 1024 * 1024));
        Assert.Equal(1, MemorySource.SizeClass(900 * 1024));
    }
}
