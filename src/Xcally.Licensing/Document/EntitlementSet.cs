using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Xcally.Licensing;

/// <summary>
/// An immutable set of entitlements of one kind (channels, modules, add-ons, AI features, plugins),
/// held as a bit mask so that <see cref="Contains"/> is a single instruction and allocates nothing.
/// </summary>
/// <typeparam name="T">The entitlement enum; its values are 0 to 31.</typeparam>
public readonly struct EntitlementSet<T> : IEquatable<EntitlementSet<T>>, IEnumerable<T>
    where T : struct, Enum
{
    private static readonly T[] s_allValues = Enum.GetValues<T>();
    private static readonly uint s_allMask = ComputeAllMask();

    private readonly uint _mask;

    private EntitlementSet(uint mask) => _mask = mask;

    /// <summary>The empty set.</summary>
    public static EntitlementSet<T> Empty => default;

    /// <summary>Every value of <typeparamref name="T"/> this version knows.</summary>
    public static EntitlementSet<T> All => new(s_allMask);

    /// <summary>The number of entitlements in the set.</summary>
    public int Count => BitOperations.PopCount(_mask);

    /// <summary><see langword="true"/> if the set is empty.</summary>
    public bool IsEmpty => _mask == 0;

    /// <summary>A set of the given values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is not defined by <typeparamref name="T"/>.</exception>
    public static EntitlementSet<T> Of(params ReadOnlySpan<T> values)
    {
        uint mask = 0;
        foreach (var value in values)
        {
            mask |= BitOf(value);
        }

        return new EntitlementSet<T>(mask);
    }

    /// <summary><see langword="true"/> if the set contains <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(T value)
    {
        var index = Unsafe.As<T, int>(ref value);
        return unchecked((uint)index) < 32 && (_mask & (1u << index)) != 0;
    }

    /// <summary>This set with <paramref name="value"/> added.</summary>
    public EntitlementSet<T> With(T value) => new(_mask | BitOf(value));

    /// <summary>This set without <paramref name="value"/>.</summary>
    public EntitlementSet<T> Without(T value) => new(_mask & ~BitOf(value));

    /// <summary>The values of this set in ascending order, without allocating.</summary>
    public Enumerator GetEnumerator() => new(_mask);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(EntitlementSet<T> other) => _mask == other._mask;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EntitlementSet<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)_mask;

    /// <summary>The values, comma-separated.</summary>
    public override string ToString() => IsEmpty ? "(none)" : string.Join(", ", this);

    /// <summary>Compares two sets.</summary>
    public static bool operator ==(EntitlementSet<T> left, EntitlementSet<T> right) => left.Equals(right);

    /// <summary>Compares two sets.</summary>
    public static bool operator !=(EntitlementSet<T> left, EntitlementSet<T> right) => !left.Equals(right);

    private static uint BitOf(T value)
    {
        var index = Unsafe.As<T, int>(ref value);
        if (unchecked((uint)index) >= 32 || (s_allMask & (1u << index)) == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a defined {typeof(T).Name}.");
        }

        return 1u << index;
    }

    private static uint ComputeAllMask()
    {
        if (Enum.GetUnderlyingType(typeof(T)) != typeof(int))
        {
            throw new NotSupportedException($"{typeof(T).Name} must be backed by int.");
        }

        uint mask = 0;
        foreach (var value in s_allValues)
        {
            var index = Unsafe.As<T, int>(ref Unsafe.AsRef(in value));
            if ((uint)index >= 32)
            {
                throw new NotSupportedException($"{typeof(T).Name} values must be 0 to 31.");
            }

            mask |= 1u << index;
        }

        return mask;
    }

    /// <summary>Enumerates a set's values in ascending order.</summary>
    public struct Enumerator : IEnumerator<T>
    {
        private uint _remaining;
        private int _current;

        internal Enumerator(uint mask)
        {
            _remaining = mask;
            _current = -1;
        }

        /// <inheritdoc/>
        public readonly T Current
        {
            get
            {
                var index = _current;
                return Unsafe.As<int, T>(ref index);
            }
        }

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc/>
        public bool MoveNext()
        {
            if (_remaining == 0)
            {
                return false;
            }

            _current = BitOperations.TrailingZeroCount(_remaining);
            _remaining &= _remaining - 1;
            return true;
        }

        /// <inheritdoc/>
        public void Reset() => throw new NotSupportedException();

        /// <inheritdoc/>
        public readonly void Dispose()
        {
        }
    }
}
