using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xcally.Licensing.Installation;

namespace Xcally.Licensing.Tests.Installation;

public sealed class TokenFormatTests
{
    private static readonly Gen<InstallationToken> Tokens =
        from keySource in Gen.Elements(Enum.GetValues<TokenKeySource>())
        from environment in Gen.Elements(Enum.GetValues<ServerEnvironment>())
        from tier in Gen.Elements(Enum.GetValues<PlatformTier>())
        from keyTag in Gen.Choose(0, 1023)
        from groups in Gen.ArrayOf(Gen.Choose(0, TokenCodec.MaxGroupValue), 8)
        select InstallationToken.Create(keySource, environment, tier, keyTag, groups);

    public static Arbitrary<InstallationToken> TokenArbitrary() => Tokens.ToArbitrary();

    private static InstallationToken Sample => InstallationToken.Create(
        TokenKeySource.MachineId, ServerEnvironment.BareMetal, PlatformTier.Uuid, 0x2A5, [0x1A2B3, 0xFFFFF, 0x00001, 0x80000, (8 << 10) | 0x155, 16, 0x12345, 0]);

    [Fact]
    public void A_token_is_nine_groups_of_five_crockford_characters()
    {
        var text = Sample.ToString();

        Assert.Matches("^([0-9A-HJKMNP-TV-Z]{5}-){8}[0-9A-HJKMNP-TV-Z]{5}$", text);
        Assert.True(Xcally.Licensing.Document.LicenseDocumentRules.IsWellFormedToken(text));
    }

    [Fact]
    public void The_header_holds_version_key_source_environment_tier_and_key_tag()
    {
        var token = InstallationToken.Parse(Sample.ToString());

        Assert.Equal(1, token.Version);
        Assert.Equal(TokenKeySource.MachineId, token.KeySource);
        Assert.Equal(ServerEnvironment.BareMetal, token.Environment);
        Assert.Equal(PlatformTier.Uuid, token.PlatformTier);
        Assert.Equal(0x2A5, token.KeyTag);
        Assert.Equal(8, token.LogicalProcessors);
        Assert.Equal(16, token.MemoryGiB);
        Assert.False(token.Has(TokenComponent.IpAddresses));
        Assert.True(token.Has(TokenComponent.Platform));
    }

    [Property(Arbitrary = [typeof(TokenFormatTests)], MaxTest = 500)]
    public void Any_token_round_trips_through_its_text(InstallationToken token)
    {
        var parsed = InstallationToken.Parse(token.ToString());
        Assert.Equal(token, parsed);
        Assert.Equal(token.ToString(), parsed.ToString());
    }

    [Property(Arbitrary = [typeof(TokenFormatTests)], MaxTest = 300)]
    public void Case_spaces_dashes_and_look_alikes_are_forgiven(InstallationToken token)
    {
        var text = token.ToString();
        var typed = text.ToLowerInvariant().Replace('-', ' ').Replace('1', 'l').Replace('0', 'O');
        var withBreaks = "  " + text.Replace("-", " - ", StringComparison.Ordinal).Replace('1', 'I') + "\r\n";

        Assert.Equal(token, InstallationToken.Parse(typed));
        Assert.Equal(token, InstallationToken.Parse(withBreaks));
        Assert.Equal(token, InstallationToken.Parse(text.Replace("-", string.Empty, StringComparison.Ordinal)));
    }

    [Property(Arbitrary = [typeof(TokenFormatTests)], MaxTest = 100)]
    public void Every_single_mistyped_character_is_caught_and_its_group_named(InstallationToken token)
    {
        var text = token.ToString();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '-')
            {
                continue;
            }

            foreach (var replacement in TokenCodec.Alphabet)
            {
                if (replacement == text[i])
                {
                    continue;
                }

                var typo = string.Concat(text.AsSpan(0, i), replacement.ToString(), text.AsSpan(i + 1));
                var check = InstallationToken.Check(typo);
                Assert.False(check.IsValid, typo);
                Assert.Equal((i / 6) + 1, check.BadGroup);
            }
        }
    }

    [Fact]
    public void Two_groups_swapped_are_caught()
    {
        var groups = Sample.ToString().Split('-');
        (groups[2], groups[3]) = (groups[3], groups[2]);

        var check = InstallationToken.Check(string.Join('-', groups));

        Assert.False(check.IsValid);
        Assert.Equal(3, check.BadGroup);
    }

    [Fact]
    public void Swapping_two_neighbouring_characters_is_caught_in_nearly_every_case()
    {
        int swaps = 0, caught = 0;
        var random = new Random(20261123);
        for (var n = 0; n < 2000; n++)
        {
            var text = InstallationToken.Create(TokenKeySource.MachineId, ServerEnvironment.BareMetal, PlatformTier.Uuid, random.Next(1024),
                Enumerable.Range(0, 8).Select(_ => random.Next(TokenCodec.MaxGroupValue + 1)).ToArray()).ToString().ToCharArray();
            var i = random.Next(9) * 6;
            var j = i + random.Next(4);
            if (text[j] == text[j + 1])
            {
                continue;
            }

            (text[j], text[j + 1]) = (text[j + 1], text[j]);
            swaps++;
            caught += InstallationToken.Check(new string(text)).IsValid ? 0 : 1;
        }

        // Luhn mod 32 misses only swaps of the symbol pair whose doubled values collide (0 and Z).
        Assert.True(caught >= swaps * 99 / 100, $"{caught} of {swaps} swaps caught");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(29)]
    [InlineData(52)]
    public void A_truncated_token_is_reported_as_incomplete(int length)
    {
        var check = InstallationToken.Check(Sample.ToString()[..length]);

        Assert.False(check.IsValid);
        Assert.Contains(length < 5 ? "too short" : "incomplete", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_U_is_explained_and_an_extra_group_refused()
    {
        var text = Sample.ToString();
        var withU = "U" + text[1..];

        Assert.Contains("U is never used", InstallationToken.Check(withU).Problem, StringComparison.Ordinal);
        Assert.Equal(1, InstallationToken.Check(withU).BadGroup);
        Assert.Contains("too long", InstallationToken.Check(text + "-00000").Problem, StringComparison.Ordinal);
        Assert.Contains("empty", InstallationToken.Check("  ").Problem, StringComparison.Ordinal);
        Assert.False(InstallationToken.TryParse(null, out _));
        Assert.Throws<FormatException>(() => InstallationToken.Parse("ABC"));
    }

    [Fact]
    public void A_token_of_a_later_version_is_named_as_such_not_as_a_typo()
    {
        Span<char> group = stackalloc char[5];
        TokenCodec.EncodeGroup(0, 2 << 17, group);
        var text = new string(group) + Sample.ToString()[5..];

        var check = InstallationToken.Check(text);

        Assert.False(check.IsValid);
        Assert.Contains("version 2 token", check.Problem, StringComparison.Ordinal);
    }
}
