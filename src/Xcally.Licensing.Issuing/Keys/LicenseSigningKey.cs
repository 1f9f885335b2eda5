using Xcally.Licensing.Format;
using Ed25519 = Xcally.Licensing.Crypto.Ed25519;

namespace Xcally.Licensing.Issuing.Keys;

/// <summary>
/// What signs licenses: a key file (<see cref="SigningKey"/>) or a key inside an HSM
/// (<see cref="Hsm.Pkcs11SigningKey"/>). Every signature is checked against <see cref="PublicKey"/>
/// before <see cref="Issue"/> returns, so a faulty signer (an HSM's bad firmware, a bit flipped on
/// the way back from the token, a key that is not the one its public half says) can never produce a
/// license file or complete a ledger record with a signature Motion would refuse.
/// </summary>
internal abstract class LicenseSigningKey : IDisposable
{
    public abstract LicensePublicKey PublicKey { get; }

    public KeyId Id => PublicKey.Id;

    /// <summary>Signs <paramref name="message"/> (Ed25519, RFC 8032 pure) into the 64 bytes of <paramref name="signature"/>, unchecked.</summary>
    public abstract void Sign(ReadOnlySpan<byte> message, Span<byte> signature);

    /// <summary>Signs <paramref name="message"/> and checks the signature with <see cref="PublicKey"/>.</summary>
    /// <exception cref="SigningKeyException">The signature does not verify.</exception>
    public void SignVerified(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        Sign(message, signature);
        if (!Ed25519.Verify(PublicKey.Prepared, message, signature))
        {
            throw new SigningKeyException($"the {Describe()} produced a signature that does not verify with its public key {Id}; nothing was signed or recorded. Check the key (and the HSM) before signing again.");
        }
    }

    /// <summary>Signs <paramref name="license"/> and returns the license file's text; the signature is verified first.</summary>
    /// <exception cref="ArgumentException">The document breaks a rule of the format.</exception>
    /// <exception cref="SigningKeyException">The signature does not verify.</exception>
    public string Issue(LicenseDocument license) => LicenseFileWriter.Write(license, Id, SignVerified);

    /// <summary>Says what kind of key this is, for messages: "key file", "HSM key 'label' on token 'x'".</summary>
    protected abstract string Describe();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    /// <summary>Names the key by its id only: no secret ever reaches a log.</summary>
    public override string ToString() => $"{Describe()} {Id}";
}
