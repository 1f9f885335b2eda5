// edwards25519 in plain BigInteger arithmetic (RFC 8032 §5.1), slow and obviously right: it exists only
// to craft the signatures no honest signer makes (a low-order R, R with a torsion component, S ≥ L) so
// the conformance corpus can pin what a verifier does with them. Never used by the product.

using System.Numerics;
using System.Security.Cryptography;

namespace Xcally.Licensing.Tests.Conformance;

internal static class Edwards25519
{
    public static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    public static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly BigInteger s_d = Mod(-121665 * Inverse(121666));
    private static readonly BigInteger s_sqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);

    public static readonly Point Identity = new(0, 1, 1, 0);
    public static readonly Point Base = FromAffine(
        BigInteger.Parse("15112221349535400772501151409588531511454012693041857206046113283949847762202", System.Globalization.CultureInfo.InvariantCulture),
        BigInteger.Parse("46316835694926478169428394003475163141307993866256225615783033603165251855960", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A point in extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z.</summary>
    public readonly record struct Point(BigInteger X, BigInteger Y, BigInteger Z, BigInteger T);

    public static Point FromAffine(BigInteger x, BigInteger y) => new(x, y, 1, Mod(x * y));

    public static Point Add(Point p, Point q)
    {
        var a = Mod((p.Y - p.X) * (q.Y - q.X));
        var b = Mod((p.Y + p.X) * (q.Y + q.X));
        var c = Mod(2 * p.T * q.T * s_d);
        var dd = Mod(2 * p.Z * q.Z);
        BigInteger e = b - a, f = dd - c, g = dd + c, h = b + a;
        return new(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
    }

    public static Point Multiply(BigInteger scalar, Point point)
    {
        var result = Identity;
        var addend = point;
        while (scalar > 0)
        {
            if (!scalar.IsEven)
            {
                result = Add(result, addend);
            }

            addend = Add(addend, addend);
            scalar >>= 1;
        }

        return result;
    }

    public static bool AreEqual(Point p, Point q) =>
        Mod((p.X * q.Z) - (q.X * p.Z)) == 0 && Mod((p.Y * q.Z) - (q.Y * p.Z)) == 0;

    public static byte[] Encode(Point point)
    {
        var zInverse = Inverse(point.Z);
        var x = Mod(point.X * zInverse);
        var y = Mod(point.Y * zInverse);
        var bytes = ToLittleEndian(y);
        bytes[31] |= (byte)(x.IsEven ? 0 : 0x80);
        return bytes;
    }

    /// <summary>Decodes a point (RFC 8032 §5.1.3), or <see langword="null"/> if the bytes are not one.</summary>
    public static Point? Decode(ReadOnlySpan<byte> encoded)
    {
        var bytes = encoded.ToArray();
        var sign = bytes[31] >> 7;
        bytes[31] &= 0x7F;
        var y = FromLittleEndian(bytes);
        if (y >= P)
        {
            return null;
        }

        var x2 = Mod((y * y - 1) * Inverse((s_d * y * y) + 1));
        if (x2 == 0)
        {
            return sign == 1 ? null : FromAffine(0, y);
        }

        var x = BigInteger.ModPow(x2, (P + 3) / 8, P);
        if (Mod((x * x) - x2) != 0)
        {
            x = Mod(x * s_sqrtMinusOne);
        }

        if (Mod((x * x) - x2) != 0)
        {
            return null;
        }

        if ((int)(x % 2) != sign)
        {
            x = P - x;
        }

        return FromAffine(x, y);
    }

    /// <summary>A point of order 8: the torsion part of the first curve point found that has one.</summary>
    public static Point TorsionPointOfOrder8()
    {
        for (byte seed = 2; ; seed++)
        {
            var candidate = new byte[32];
            candidate[0] = seed;
            if (Decode(candidate) is not { } point)
            {
                continue;
            }

            var torsion = Multiply(L, point);
            if (!AreEqual(Multiply(4, torsion), Identity))
            {
                return torsion;
            }
        }
    }

    /// <summary>The encoding (sign bit clear) of the smallest y ≥ 2 that is on no point of the curve.</summary>
    public static byte[] NotAPoint()
    {
        for (var y = new BigInteger(2); ; y++)
        {
            var bytes = ToLittleEndian(y);
            if (Decode(bytes) is null)
            {
                return bytes;
            }
        }
    }

    /// <summary>The expanded secret (RFC 8032 §5.1.5): the clamped scalar a and the nonce prefix.</summary>
    public static (BigInteger Scalar, byte[] Prefix) Expand(ReadOnlySpan<byte> seed)
    {
        var h = SHA512.HashData(seed);
        h[0] &= 248;
        h[31] &= 127;
        h[31] |= 64;
        return (FromLittleEndian(h.AsSpan(0, 32)), h[32..]);
    }

    /// <summary>k = SHA-512(R ‖ A ‖ M) mod L.</summary>
    public static BigInteger Challenge(ReadOnlySpan<byte> r, ReadOnlySpan<byte> a, ReadOnlySpan<byte> message)
    {
        var input = new byte[64 + message.Length];
        r.CopyTo(input);
        a.CopyTo(input.AsSpan(32));
        message.CopyTo(input.AsSpan(64));
        return FromLittleEndian(SHA512.HashData(input)) % L;
    }

    public static byte[] ToLittleEndian(BigInteger value)
    {
        var bytes = new byte[32];
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return bytes;
    }

    public static BigInteger FromLittleEndian(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: false);

    public static BigInteger Mod(BigInteger value)
    {
        var r = value % P;
        return r.Sign < 0 ? r + P : r;
    }

    private static BigInteger Inverse(BigInteger value) => BigInteger.ModPow(Mod(value), P - 2, P);
}
