using System.Diagnostics.CodeAnalysis;

namespace Xcally.Licensing;

/// <summary>
/// The set of public keys a verifier accepts licenses from. The host pins these in its code; a
/// license whose key id is not in the set is reported as signed by an unknown key, which is distinct
/// from a signature that does not match. Trust is explicit: the example key from <c>keys.example</c>
/// is trusted only when it is one of the keys given, and even then refused unless the host also
/// allows development keys.
/// </summary>
public sealed class TrustedKeys
{
    // A plain array searched in order: a host trusts a handful of keys, and a dictionary keyed by the
    // KeyId struct is generic code the runtime compiles at startup.
    private readonly LicensePublicKey[] _keys;

    /// <summary>Trusts the given keys.</summary>
    /// <param name="keys">The keys to trust.</param>
    /// <param name="allowDevelopmentKeys">
    /// <see langword="true"/> to accept licenses signed with the public example key from <c>keys.example</c>
    /// when it is among <paramref name="keys"/> (<see cref="DevelopmentKeys.ExamplePublicKey"/>); it never
    /// adds the key by itself. Only ever for development and tests, since anyone can sign with it.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is <see langword="null"/> or holds <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Two different keys share a key id.</exception>
    public TrustedKeys(IEnumerable<LicensePublicKey> keys, bool allowDevelopmentKeys = false)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var distinct = new List<LicensePublicKey>();
        foreach (var key in keys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
            if (Find(distinct, key.Id) is { } existing)
            {
                if (!existing.Equals(key))
                {
                    throw new ArgumentException($"Two different keys share the key id {key.Id}.", nameof(keys));
                }

                continue;
            }

            distinct.Add(key);
        }

        _keys = [.. distinct];
        AllowsDevelopmentKeys = allowDevelopmentKeys;
    }

    /// <summary><see langword="true"/> if licenses signed with the public example key are accepted, provided it is one of <see cref="Keys"/>.</summary>
    public bool AllowsDevelopmentKeys { get; }

    /// <summary>The trusted keys.</summary>
    public IReadOnlyCollection<LicensePublicKey> Keys => Array.AsReadOnly(_keys);

    internal bool IsRefusedDevelopmentKey(KeyId id) => id == DevelopmentKeys.ExampleKeyId && !AllowsDevelopmentKeys;

    internal bool TryFind(KeyId id, [NotNullWhen(true)] out LicensePublicKey? key)
    {
        if (IsRefusedDevelopmentKey(id))
        {
            key = null;
            return false;
        }

        key = Find(_keys, id);
        return key is not null;
    }

    private static LicensePublicKey? Find(IReadOnlyList<LicensePublicKey> keys, KeyId id)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i].Id == id)
            {
                return keys[i];
            }
        }

        return null;
    }
}
