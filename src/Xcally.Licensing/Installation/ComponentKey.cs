using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Xcally.Licensing.Installation;

/// <summary>
/// The application-specific key the token's hashes are keyed with, derived the way systemd's
/// sd_id128_get_machine_app_specific() does (HMAC-SHA256 keyed by the machine-id over an
/// application id), keeping all 32 bytes. Without the machine-id nobody can test a guess of a
/// hostname, address or MAC against the token.
/// </summary>
internal sealed class ComponentKey : IDisposable
{
    /// <summary>XCALLY Motion's application id for installation tokens (a fixed, public random value).</summary>
    internal static readonly byte[] ApplicationId = Convert.FromHexString("6b0e4f6a91d24c3f8a7e2b1d5c093f48");

    private readonly byte[] _key = new byte[32];

    public ComponentKey(ReadOnlySpan<byte> secret)
    {
        HMACSHA256.HashData(secret, ApplicationId, _key);
    }

    /// <summary>Ten bits that change whenever the key does.</summary>
    public int Tag()
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, "key-tag"u8, mac);
        return BinaryPrimitives.ReadUInt16BigEndian(mac) >> 6;
    }

    /// <summary>HMAC(key, id ‖ 0x00 ‖ length ‖ value), first 20 bits; never 0, which means "absent".</summary>
    public int Digest20(TokenComponent component, ReadOnlySpan<byte> canonical) => Digest(component, canonical, 20);

    public int Digest10(TokenComponent component, ReadOnlySpan<byte> canonical) => Digest(component, canonical, 10);

    private int Digest(TokenComponent component, ReadOnlySpan<byte> canonical, int bits)
    {
        var id = Encoding.ASCII.GetBytes(component.ToString());
        var message = new byte[id.Length + 1 + 4 + canonical.Length];
        id.CopyTo(message, 0);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(id.Length + 1), canonical.Length);
        canonical.CopyTo(message.AsSpan(id.Length + 5));
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, message, mac);
        var value = (int)(BinaryPrimitives.ReadUInt32BigEndian(mac) >> (32 - bits));
        return value == 0 ? 1 : value;
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
