// The human form of an installation token: Crockford base32 (no I, L, O, U), in groups of four data
// symbols and one check symbol. The check is Luhn mod 32 over the group's position followed by its
// four data symbols: it catches every single mistyped symbol and nearly every swap of neighbours,
// and because the position takes part, a group pasted in the wrong place fails too.

namespace Xcally.Licensing.Installation;

internal static class TokenCodec
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int DataSymbolsPerGroup = 4;
    public const int SymbolsPerGroup = DataSymbolsPerGroup + 1;
    public const int MaxGroupValue = (1 << 20) - 1;

    /// <summary>The value of a symbol, forgiving case and the look-alikes I, L (1) and O (0); -1 if it is not one.</summary>
    public static int SymbolValue(char c)
    {
        c = char.ToUpperInvariant(c);
        return c switch
        {
            'I' or 'L' => 1,
            'O' => 0,
            _ => Alphabet.IndexOf(c, StringComparison.Ordinal),
        };
    }

    public static void EncodeGroup(int position, int value, Span<char> destination)
    {
        if ((uint)value > MaxGroupValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A token group holds 20 bits.");
        }

        Span<int> symbols = stackalloc int[DataSymbolsPerGroup];
        for (var i = DataSymbolsPerGroup - 1; i >= 0; i--)
        {
            symbols[i] = value & 31;
            value >>= 5;
        }

        for (var i = 0; i < DataSymbolsPerGroup; i++)
        {
            destination[i] = Alphabet[symbols[i]];
        }

        destination[DataSymbolsPerGroup] = Alphabet[CheckSymbol(position, symbols)];
    }

    /// <summary>Decodes one group of five symbol values; false if its check symbol does not match.</summary>
    public static bool TryDecodeGroup(int position, ReadOnlySpan<int> symbols, out int value)
    {
        value = 0;
        for (var i = 0; i < DataSymbolsPerGroup; i++)
        {
            value = (value << 5) | symbols[i];
        }

        return CheckSymbol(position, symbols[..DataSymbolsPerGroup]) == symbols[DataSymbolsPerGroup];
    }

    // Luhn mod N generation over (position, d1..d4), N = 32, doubling from the rightmost data symbol.
    private static int CheckSymbol(int position, ReadOnlySpan<int> dataSymbols)
    {
        const int n = 32;
        var sum = 0;
        var factor = 2;
        for (var i = dataSymbols.Length; i >= 0; i--)
        {
            var codePoint = i == 0 ? position % n : dataSymbols[i - 1];
            var addend = factor * codePoint;
            sum += (addend / n) + (addend % n);
            factor = factor == 2 ? 1 : 2;
        }

        return (n - (sum % n)) % n;
    }
}
