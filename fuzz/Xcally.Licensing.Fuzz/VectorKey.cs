using Xcally.Licensing.Format;
using Ed25519 = Xcally.Licensing.Crypto.Ed25519;

namespace Xcally.Licensing.Fuzz;

/// <summary>
/// The RFC 8032 §7.1 TEST 1 key that docs/license-format.md's vectors are signed with. It is public, so
/// the harnesses can sign what the fuzzer makes and reach the code behind the signature check.
/// </summary>
internal static class VectorKey
{
    /// <summary>The 32-byte seed (docs/license-format.md, vector:private-key).</summary>
    public const string SeedHex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    private static readonly byte[] s_seed = Convert.FromHexString(SeedHex);

    public static LicensePublicKey PublicKey { get; } = DerivePublicKey();

    public static KeyId Id => PublicKey.Id;

    /// <summary>The envelope the signer would write around <paramref name="payload"/>, signed with this key.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> payload) =>
        LicenseEnvelope.Seal(payload, Id, static (message, signature) => Ed25519.Sign(s_seed, message, signature));

    /// <summary>The license file text the signer would write around <paramref name="payload"/>, without summary lines.</summary>
    public static string Armor(ReadOnlySpan<byte> payload) => LicenseArmor.Write(Seal(payload), []);

    private static LicensePublicKey DerivePublicKey()
    {
        Span<byte> publicKey = stackalloc byte[Ed25519.PublicKeySize];
        Ed25519.DerivePublicKey(s_seed, publicKey);
        return LicensePublicKey.Import(publicKey);
    }
}
