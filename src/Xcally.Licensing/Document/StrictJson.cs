using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Xcally.Licensing.Document;

/// <summary>
/// The rules of docs/license-format.md section 5 that hold for the whole payload, at every depth and in
/// the values of members this version does not know as much as in the known ones: UTF-8 without a
/// byte-order mark, exactly one object, bounded nesting, escapes that decode to Unicode scalar values,
/// and no object with a repeated name or two names that differ only in ASCII case. They are checked in
/// one pass before any member is interpreted, because a member this verifier skips may be one the
/// next verifier reads, and two verifiers must never read one signed payload two ways.
/// </summary>
internal static class StrictJson
{
    public const int MaxDepth = 8;

    public static bool TryCheck(ReadOnlySpan<byte> json, out string error)
    {
        if (IsStrict(json))
        {
            error = string.Empty;
            return true;
        }

        return TryCheckInOrder(json, out error);
    }

    /// <summary>
    /// The same rules in one pass of the reader, for the payloads that keep them (every signed one): it
    /// only says yes or no. The depth is taken from the reader instead of a scan of its own, which
    /// cost as much as the reader, and names are compared by a case-folded key before their bytes.
    /// </summary>
    /// <remarks>
    /// It accepts exactly what <see cref="TryCheckInOrder"/> accepts, which decides every refusal: that
    /// one applies the rules in a fixed order (a payload nested too deep is refused as such even where
    /// its JSON breaks later), and the reason a payload is refused for must not change.
    /// </remarks>
    internal static bool IsStrict(ReadOnlySpan<byte> json)
    {
        if (json.StartsWith("\uFEFF"u8) || !Utf8.IsValid(json))
        {
            return false;
        }

        var names = new NameStack();
        try
        {
            var reader = new Utf8JsonReader(json, s_readerOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            names.Push();
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    // The root object is at depth 0 and counts as the first level.
                    case JsonTokenType.StartObject when reader.CurrentDepth < MaxDepth:
                        names.Push();
                        break;
                    case JsonTokenType.StartObject:
                        return false;
                    case JsonTokenType.StartArray when reader.CurrentDepth >= MaxDepth:
                        return false;
                    case JsonTokenType.EndObject:
                        names.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        if (!names.TryAddUnique(ref reader, json))
                        {
                            return false;
                        }

                        break;
                    case JsonTokenType.String when reader.ValueIsEscaped && !DecodesToScalarValues(ref reader):
                        return false;
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            names.Dispose();
        }
    }

    private static readonly JsonReaderOptions s_readerOptions = new()
    {
        MaxDepth = MaxDepth + 1,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>The rules one after the other, each refusal with its reason.</summary>
    internal static bool TryCheckInOrder(ReadOnlySpan<byte> json, out string error)
    {
        if (json.StartsWith("\uFEFF"u8))
        {
            error = "the payload starts with a byte-order mark.";
            return false;
        }

        if (!Utf8.IsValid(json))
        {
            error = "the payload is not valid UTF-8.";
            return false;
        }

        if (NestingDepth(json) > MaxDepth)
        {
            error = $"the payload is nested deeper than {MaxDepth} levels.";
            return false;
        }

        var names = new NameStack();
        try
        {
            var reader = new Utf8JsonReader(json, s_readerOptions);

            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "the payload is not a JSON object.";
                return false;
            }

            names.Push();
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        names.Push();
                        break;
                    case JsonTokenType.EndObject:
                        names.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        if (!names.TryAdd(ref reader, json, out error))
                        {
                            return false;
                        }

                        break;
                    case JsonTokenType.String when reader.ValueIsEscaped && !DecodesToScalarValues(ref reader):
                        error = "the payload contains a \\u escape that is not valid Unicode (a lone surrogate).";
                        return false;
                }
            }

            error = string.Empty;
            return true;
        }
        catch (JsonException e)
        {
            error = $"the payload is not valid JSON (at byte {e.BytePositionInLine ?? 0}).";
            return false;
        }
        finally
        {
            names.Dispose();
        }
    }

    /// <summary>The deepest nesting of objects and arrays, counted outside strings (the payload is valid UTF-8 here).</summary>
    private static int NestingDepth(ReadOnlySpan<byte> json)
    {
        int depth = 0, max = 0;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b is (byte)'{' or (byte)'[')
            {
                max = Math.Max(max, ++depth);
            }
            else if (b is (byte)'}' or (byte)']')
            {
                depth--;
            }
        }

        return max;
    }

    // System.Text.Json refuses to unescape a lone surrogate (InvalidOperationException); that refusal is
    // the check, so an unescaped copy is made only of strings that contain an escape.
    private static bool DecodesToScalarValues(ref Utf8JsonReader reader)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            reader.CopyString(buffer);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The member names of each open object, as UTF-8 after unescaping. Unescaped names are slices of the
    /// payload itself, so the common case stores a position, a length and a key per name.
    /// </summary>
    private sealed class NameStack : IDisposable
    {
        private const int KeptNames = 1024;

        // The names array a finished parse leaves for the next one on its thread. Not ArrayPool<Name>: a
        // pool over this struct is generic code the runtime compiles at its first use, on the host's
        // startup path, where the shared framework's ArrayPool<byte> is precompiled.
        [ThreadStatic]
        private static Name[]? t_names;

        // One flat array of the names of every open object, innermost last; _starts[d] is where the
        // names of the object at depth d begin. Nothing is allocated per object or per name.
        private readonly int[] _starts = new int[MaxDepth + 2];
        private Name[] _names = TakeNames();
        private int _count;
        private int _depth;
        private byte[] _unescaped = ArrayPool<byte>.Shared.Rent(256);
        private int _unescapedLength;

        // Key: the length and the case-folded first and last bytes, equal for any two names that are equal
        // or differ only in ASCII case, so most pairs are told apart without comparing their bytes.
        private readonly record struct Name(bool InPayload, int Start, int Length, int Key);

        public void Push() => _starts[_depth++] = _count;

        public void Pop() => _count = _starts[--_depth];

        /// <summary>Records a name; <see langword="false"/> if it breaks a rule (see <see cref="TryAdd"/> for which).</summary>
        public bool TryAddUnique(ref Utf8JsonReader reader, ReadOnlySpan<byte> payload) =>
            TryRecord(ref reader, out var name) && FindClash(name, payload) < 0 && Keep(name);

        public bool TryAdd(ref Utf8JsonReader reader, ReadOnlySpan<byte> payload, out string error)
        {
            if (!TryRecord(ref reader, out var name))
            {
                error = "a member name of the payload contains a \\u escape that is not valid Unicode (a lone surrogate).";
                return false;
            }

            // The first earlier name of the object that equals this one, or differs from it only in case.
            var clash = FindClash(name, payload);
            if (clash >= 0)
            {
                var bytes = Bytes(name, payload);
                var otherBytes = Bytes(_names[clash], payload);
                error = bytes.SequenceEqual(otherBytes)
                    ? $"the field '{PathTo(Show(bytes), payload)}' appears twice."
                    : $"the fields '{PathTo(Show(otherBytes), payload)}' and '{PathTo(Show(bytes), payload)}' differ only in case.";
                return false;
            }

            Keep(name);
            error = string.Empty;
            return true;
        }

        /// <summary>The name the reader is on, unescaped; <see langword="false"/> if an escape is a lone surrogate.</summary>
        private bool TryRecord(ref Utf8JsonReader reader, out Name name)
        {
            if (reader.ValueIsEscaped)
            {
                var needed = _unescapedLength + reader.ValueSpan.Length;
                if (needed > _unescaped.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _unescaped.Length * 2));
                    _unescaped.AsSpan(0, _unescapedLength).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(_unescaped);
                    _unescaped = larger;
                }

                int written;
                try
                {
                    written = reader.CopyString(_unescaped.AsSpan(_unescapedLength));
                }
                catch (InvalidOperationException)
                {
                    name = default;
                    return false;
                }

                name = new Name(InPayload: false, _unescapedLength, written, KeyOf(_unescaped.AsSpan(_unescapedLength, written)));
                _unescapedLength += written;
            }
            else
            {
                name = new Name(InPayload: true, (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, KeyOf(reader.ValueSpan));
            }

            return true;
        }

        // Every name is compared with the object's earlier names: quadratic, but the envelope bounds a
        // payload to 32 KiB (a few thousand names at most) and only a signed payload gets here.
        private int FindClash(Name name, ReadOnlySpan<byte> payload)
        {
            for (var i = _starts[_depth - 1]; i < _count; i++)
            {
                if (_names[i].Key == name.Key && EqualsIgnoringAsciiCase(Bytes(name, payload), Bytes(_names[i], payload)))
                {
                    return i;
                }
            }

            return -1;
        }

        private bool Keep(Name name)
        {
            if (_count == _names.Length)
            {
                var larger = new Name[_names.Length * 2];
                _names.AsSpan(0, _count).CopyTo(larger);
                _names = larger;
            }

            _names[_count++] = name;
            return true;
        }

        private static int KeyOf(ReadOnlySpan<byte> name) =>
            name.IsEmpty ? 0 : (name.Length << 16) | (Fold(name[0]) << 8) | Fold(name[^1]);

        private static int Fold(byte b) => IsAsciiLetter(b) ? b | 0x20 : b;

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_unescaped);
            if (_names.Length <= KeptNames)
            {
                t_names = _names;
            }
        }

        private static Name[] TakeNames()
        {
            var names = t_names ?? new Name[64];
            t_names = null;
            return names;
        }

        /// <summary>The dotted path of a name in the innermost open object: the member each enclosing object is in, then the name.</summary>
        private string PathTo(string name, ReadOnlySpan<byte> payload)
        {
            // The last name recorded in each enclosing object is the member the next object is in.
            var path = new System.Text.StringBuilder();
            for (var d = 1; d < _depth; d++)
            {
                if (_starts[d] > _starts[d - 1])
                {
                    path.Append(Show(Bytes(_names[_starts[d] - 1], payload))).Append('.');
                }
            }

            return path.Append(name).ToString();
        }

        private ReadOnlySpan<byte> Bytes(Name name, ReadOnlySpan<byte> payload) =>
            name.InPayload ? payload.Slice(name.Start, name.Length) : _unescaped.AsSpan(name.Start, name.Length);

        private static bool EqualsIgnoringAsciiCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (var i = 0; i < a.Length; i++)
            {
                var same = a[i] == b[i] || (IsAsciiLetter(a[i]) && (a[i] | 0x20) == (b[i] | 0x20));
                if (!same)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsAsciiLetter(byte b) => (b | 0x20) is >= (byte)'a' and <= (byte)'z';

        private static string Show(ReadOnlySpan<byte> name) => System.Text.Encoding.UTF8.GetString(name);
    }
}
