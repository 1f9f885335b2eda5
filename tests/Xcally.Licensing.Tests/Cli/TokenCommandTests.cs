using System.Runtime.Versioning;
using System.Text.Json;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Cli;

[SupportedOSPlatform("linux")]
public sealed class TokenCommandTests
{
    [Fact]
    public void Token_show_twice_in_a_row_prints_the_same_token()
    {
        var first = TestSupport.Cli.Run("token", "show");
        var second = TestSupport.Cli.Run("token", "show");

        Assert.Equal(first, second);
        Assert.True(first.ExitCode is 0 or 7, first.Error);
        if (first.ExitCode == 0)
        {
            Assert.True(InstallationToken.Check(first.Output).IsValid, first.Output);
        }
    }

    [Fact]
    public void Token_show_of_a_collected_tree_prints_its_token_and_explains_it_without_raw_values()
    {
        var plain = TestSupport.Cli.Run("token", "show", "--root", ServerFixtures.PathOf("metal-base"));
        var explained = TestSupport.Cli.Run("token", "show", "--root", ServerFixtures.PathOf("metal-base"), "--explain");

        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(ServerFixtures.Token("metal-base") + "\n", plain.Output.ReplaceLineEndings("\n"));
        Assert.Contains("network cards  present    2 physical network card(s)", explained.Output, StringComparison.Ordinal);
        Assert.Contains("bare metal (Dell Inc. PowerEdge R650)", explained.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerFixtures.RawValues, raw => explained.Output.Contains(raw, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Token_show_json_lists_every_component()
    {
        var result = TestSupport.Cli.Run("token", "show", "--root", ServerFixtures.PathOf("container-a"), "--json");
        using var json = JsonDocument.Parse(result.Output);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Container", json.RootElement.GetProperty("environment").GetString());
        Assert.Equal(8, json.RootElement.GetProperty("components").GetArrayLength());
        Assert.Equal(ServerFixtures.Token("container-a").ToString(), json.RootElement.GetProperty("token").GetString());
    }

    [Fact]
    public void Token_show_without_an_identity_exits_7_with_the_fix()
    {
        var result = TestSupport.Cli.Run("token", "show", "--root", ServerFixtures.PathOf("metal-no-identity"));

        Assert.Equal(7, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("systemd-machine-id-setup", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("metal-nic-replaced", "NetworkCards")]
    [InlineData("metal-ip-changed", "IpAddresses")]
    [InlineData("metal-hostname-changed", "Hostname")]
    [InlineData("metal-disk-replaced", "RootDisk")]
    [InlineData("metal-memory-upgraded", "Memory")]
    public void Token_diff_between_fixture_trees_names_exactly_the_component_changed(string fixture, string component)
    {
        var result = TestSupport.Cli.Run("token", "diff", ServerFixtures.Token("metal-base").ToString(), ServerFixtures.Token(fixture).ToString(), "--json");
        using var json = JsonDocument.Parse(result.Output);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("SameServerChanged", json.RootElement.GetProperty("verdict").GetString());
        var changed = json.RootElement.GetProperty("components").EnumerateArray()
            .Where(c => c.GetProperty("change").GetString() == "Changed")
            .Select(c => c.GetProperty("component").GetString());
        Assert.Equal([component], changed);
    }

    [Fact]
    public void Token_diff_of_a_cloned_VM_says_different_server_in_words()
    {
        var result = TestSupport.Cli.Run("token", "diff", ServerFixtures.Token("vm-base").ToString(), ServerFixtures.Token("vm-cloned").ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("platform       CHANGED", result.Output, StringComparison.Ordinal);
        Assert.Contains("Different server", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_check_names_the_mistyped_group_and_accepts_a_sloppy_but_correct_copy()
    {
        var token = ServerFixtures.Token("metal-base").ToString();
        var typo = token[..13] + (token[13] == 'A' ? 'B' : 'A') + token[14..];

        var bad = TestSupport.Cli.Run("token", "check", typo);
        var sloppy = TestSupport.Cli.Run("token", "check", token.ToLowerInvariant().Replace('-', ' '));
        var badJson = TestSupport.Cli.Run("token", "check", typo, "--json");

        Assert.Equal(6, bad.ExitCode);
        Assert.Contains("Re-read group 3", bad.Error, StringComparison.Ordinal);
        Assert.Equal(0, sloppy.ExitCode);
        Assert.Contains(token, sloppy.Output, StringComparison.Ordinal);
        Assert.Equal(3, JsonDocument.Parse(badJson.Output).RootElement.GetProperty("badGroup").GetInt32());
    }

    [Fact]
    public void Token_diff_refuses_an_invalid_token_naming_which_one()
    {
        var result = TestSupport.Cli.Run("token", "diff", ServerFixtures.Token("metal-base").ToString(), "ABCDE");

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("the new token is not valid", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_collect_copies_exactly_the_files_the_token_is_made_of_and_show_reads_them_back()
    {
        using var server = ServerFixtures.Copy("metal-docker-churn");
        File.WriteAllText(Path.Combine(server.Root, "etc", "passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        var destination = Path.Combine(Directory.CreateTempSubdirectory("xcally-collect-").FullName, "support");
        try
        {
            var collect = TestSupport.Cli.Run("token", "collect", "--root", server.Root, "--out", destination);
            var show = TestSupport.Cli.Run("token", "show", "--root", destination);

            Assert.Equal(0, collect.ExitCode);
            Assert.Contains("Send it to XCALLY support only", collect.Output, StringComparison.Ordinal);
            Assert.Equal(ServerFixtures.Token("metal-base") + "\n", show.Output.ReplaceLineEndings("\n"));
            Assert.False(File.Exists(Path.Combine(destination, "etc", "passwd")));
            Assert.True(File.Exists(Path.Combine(destination, "etc", "machine-id")));
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(destination)!, ".*"));

            var again = TestSupport.Cli.Run("token", "collect", "--root", server.Root, "--out", destination);
            Assert.Equal(5, again.ExitCode);
            Assert.Contains("not empty", again.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(destination)!, recursive: true);
        }
    }
}
