using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Format;

/// <summary>
/// Damage is never accepted. Inside the armored block, no single-bit flip is ever accepted; a deleted or
/// inserted byte is accepted only when it is one of the characters paste tolerance ignores (line breaks,
/// spaces, tabs, a quote mark at a line start), and then the document is exactly the original.
/// </summary>
public sealed class DamageProperties
{
    private static readonly byte[] s_file = Encoding.UTF8.GetBytes(TestLicenses.SubscriptionFile);
    private static readonly int s_blockStart = TestLicenses.SubscriptionFile.IndexOf("-----BEGIN", StringComparison.Ordinal);

    private static bool IsIgnorable(byte b) => b is (byte)'\n' or (byte)'\r' or (byte)' ' or (byte)'\t' or (byte)'>';

    [Fact]
    public void No_single_bit_flip_anywhere_in_the_block_is_accepted()
    {
        var verifier = TestLicenses.Verifier();
        var tried = 0;
        var mutated = (byte[])s_file.Clone();
        for (var position = s_blockStart; position < s_file.Length; position++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                mutated[position] ^= (byte)(1 << bit);
                var result = verifier.Verify(mutated);
                Assert.False(result.IsGenuine, $"flip of bit {bit} at byte {position} was accepted: {result}");
                mutated[position] = s_file[position];
                tried++;
            }
        }

        Assert.True(tried > 8000, $"only {tried} flips tried");
    }

    [Fact]
    public void A_single_bit_flip_in_the_unsigned_summary_never_changes_the_document()
    {
        var verifier = TestLicenses.Verifier();
        var mutated = (byte[])s_file.Clone();
        for (var position = 0; position < s_blockStart; position++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                mutated[position] ^= (byte)(1 << bit);
                var result = verifier.Verify(mutated);
                Assert.True(!result.IsGenuine || result.License.Equals(TestLicenses.Subscription), $"flip at {position} changed the document");
                mutated[position] = s_file[position];
            }
        }
    }

    [Fact]
    public void Deleting_any_one_byte_of_the_block_is_rejected_unless_it_is_paste_whitespace()
    {
        var verifier = TestLicenses.Verifier();
        var accepted = 0;
        for (var position = s_blockStart; position < s_file.Length; position++)
        {
            var mutated = new byte[s_file.Length - 1];
            s_file.AsSpan(0, position).CopyTo(mutated);
            s_file.AsSpan(position + 1).CopyTo(mutated.AsSpan(position));
            var result = verifier.Verify(mutated);
            if (result.IsGenuine)
            {
                accepted++;
                Assert.True(IsIgnorable(s_file[position]), $"deleting '{(char)s_file[position]}' at {position} was accepted");
                Assert.Equal(TestLicenses.Subscription, result.License);
            }
        }

        // Deleting a line break inside the body only joins two lines, which paste tolerance accepts.
        Assert.InRange(accepted, 1, s_file.Length - s_blockStart);
    }

    public static Arbitrary<(LicenseDocument, int, int, byte)> Mutations() =>
        (from license in LicenseGenerators.DocumentGen
         from kind in Gen.Choose(0, 2)
         from position in Gen.Choose(0, int.MaxValue)
         from value in Gen.Choose(0, 255)
         select (license, kind, position, (byte)value)).ToArbitrary();

    [Property(Arbitrary = [typeof(DamageProperties)], MaxTest = 3000)]
    public bool No_flip_deletion_or_insertion_in_any_license_block_is_accepted_as_damage((LicenseDocument License, int Kind, int Position, byte Value) mutation)
    {
        var text = TestLicenses.Key.Issue(mutation.License);
        var bytes = Encoding.UTF8.GetBytes(text);
        var start = text.IndexOf("-----BEGIN", StringComparison.Ordinal);
        start = Encoding.UTF8.GetByteCount(text.AsSpan(0, start));
        var position = start + (mutation.Position % (bytes.Length - start));
        var verifier = TestLicenses.Verifier(mutation.License.ValidFrom);

        switch (mutation.Kind)
        {
            case 0:
                bytes[position] ^= (byte)(1 << (mutation.Value % 8));
                return !verifier.Verify(bytes).IsGenuine;
            case 1:
            {
                var deleted = bytes[position];
                var shorter = bytes.Take(position).Concat(bytes.Skip(position + 1)).ToArray();
                var result = verifier.Verify(shorter);
                return !result.IsGenuine || (IsIgnorable(deleted) && result.License.Equals(mutation.License));
            }

            default:
            {
                var longer = bytes.Take(position).Append(mutation.Value).Concat(bytes.Skip(position)).ToArray();
                var result = verifier.Verify(longer);
                return !result.IsGenuine || (IsIgnorable(mutation.Value) && result.License.Equals(mutation.License));
            }
        }
    }
}
