using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Keys;

/// <summary>
/// The pinned key's PEM is read by a short path for its one plain shape, and by PemEncoding otherwise:
/// the short path accepts only what PemEncoding accepts, and decodes it to the same bytes.
/// </summary>
public sealed class PemReadingProperties
{
    private static readonly string s_pem = TestLicenses.Key.PublicKey.ExportPem();

    [Fact]
    public void The_exported_key_and_the_example_key_take_the_short_path()
    {
        Span<byte> der = stackalloc byte[64];

        Assert.True(LicensePublicKey.TryReadCanonicalPem(s_pem, der, out var written));
        Assert.Equal(44, written);
        Assert.True(LicensePublicKey.TryReadCanonicalPem(RepositoryFiles.Read("keys.example/example.public.pem"), der, out _));
        Assert.True(LicensePublicKey.TryReadCanonicalPem(s_pem.Replace("\n", "\r\n", StringComparison.Ordinal), der, out _));
    }

    [Theory]
    [InlineData("explanatory text\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----")]
    [InlineData(" MCow")]
    public void Text_outside_the_plain_shape_goes_to_the_general_reader(string change)
    {
        var pem = change.StartsWith("-----", StringComparison.Ordinal)
            ? s_pem.Replace("-----BEGIN PUBLIC KEY-----", change, StringComparison.Ordinal)
            : change.StartsWith(' ') ? s_pem.Replace("MCow", change, StringComparison.Ordinal) : change + s_pem;
        Span<byte> der = stackalloc byte[64];

        Assert.False(LicensePublicKey.TryReadCanonicalPem(pem, der, out _));
    }

    [Property(Arbitrary = [typeof(PemReadingProperties)], MaxTest = 3000)]
    public void What_the_short_path_reads_PemEncoding_reads_to_the_same_bytes(string pem)
    {
        var shortPath = new byte[64];
        var general = new byte[64];
        if (LicensePublicKey.TryReadCanonicalPem(pem, shortPath, out var written))
        {
            Assert.True(LicensePublicKey.TryReadAnyPem(pem, general, out var generalWritten, out var error), $"PemEncoding refused what the short path read: {error}\n{pem}");
            Assert.Equal(general.AsSpan(0, generalWritten).ToArray(), shortPath.AsSpan(0, written).ToArray());
        }
    }

    [Property(Arbitrary = [typeof(PemReadingProperties)], MaxTest = 300)]
    public void Importing_gives_the_same_key_or_the_same_refusal_either_way(string pem)
    {
        var imported = LicensePublicKey.TryImportPem(pem, out var key, out var error);
        var general = new byte[64];
        var generalRead = LicensePublicKey.TryReadAnyPem(pem, general, out var written, out var generalError);

        if (!generalRead)
        {
            Assert.False(imported);
            Assert.Equal(generalError, error);
        }
        else if (imported)
        {
            Assert.Equal(general.AsSpan(written - 32, 32).ToArray(), key!.Bytes.ToArray());
        }
    }

    /// <summary>The exported PEM with up to three characters replaced, inserted or deleted, the plain shape's own characters favoured.</summary>
    public static Arbitrary<string> Texts() => TextEdits.Near([s_pem], "\n\r \t-=+/ABCKLMPQUYZabcwxyz0189BEGINDPUBLICKEY", 3).ToArbitrary();
}
