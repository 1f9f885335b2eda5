using Xcally.Licensing.Crypto;

namespace Xcally.Licensing.Tests.Crypto;

public sealed class Ed25519SeamTests
{
    [Fact]
    public void A_signature_made_by_the_seam_verifies_and_a_flipped_bit_does_not()
    {
        var privateKey = new byte[Ed25519.PrivateKeySize];
        Ed25519.GeneratePrivateKey(privateKey);
        var publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.DerivePublicKey(privateKey, publicKey);
        var message = "hello"u8.ToArray();
        var signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(privateKey, message, signature);

        Assert.True(Ed25519.Verify(publicKey, message, signature));
        signature[10] ^= 1;
        Assert.False(Ed25519.Verify(publicKey, message, signature));
    }
}
