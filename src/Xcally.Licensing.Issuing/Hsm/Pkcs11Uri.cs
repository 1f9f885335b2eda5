// A PKCS#11 URI (RFC 7512) naming one key on one token:
//
//   pkcs11:token=Licensing;object=xcally-license-2026;id=%01%02?module-path=/usr/lib/softhsm/libsofthsm2.so
//
// Path attributes (';'-separated) select the token and the object; query attributes ('&'-separated)
// say how to reach it. Values are percent-encoded UTF-8 (id is raw bytes). Only what the tool uses is
// accepted: an unknown attribute is refused rather than ignored, because ignoring a selector could pick
// another key than the one the operator named (RFC 7512 §2.3 lets a consumer refuse what it does not know).

using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Xcally.Licensing.Issuing.Hsm;

/// <summary>An RFC 7512 PKCS#11 URI that names an HSM key: the token (by label, and optionally serial, model, manufacturer) and the key (by label, id, or both).</summary>
internal sealed class Pkcs11Uri
{
    public const string Scheme = "pkcs11:";

    private Pkcs11Uri(string text) => Text = text;

    /// <summary>The URI as given: safe to print, since a URI with a PIN in it is refused.</summary>
    public string Text { get; }

    /// <summary>The token's label (CKA token info label).</summary>
    public string? Token { get; private init; }

    public string? Serial { get; private init; }

    public string? Model { get; private init; }

    public string? Manufacturer { get; private init; }

    /// <summary>The key's label (CKA_LABEL).</summary>
    public string? Object { get; private init; }

    /// <summary>The key's id (CKA_ID), raw bytes.</summary>
    public byte[]? Id { get; private init; }

    /// <summary>The module (.so, .dll, .dylib) from the query's <c>module-path</c>, if given.</summary>
    public string? ModulePath { get; private init; }

    /// <summary>The query's <c>pin-source</c>: a file that holds the PIN (a path or a <c>file:</c> URI).</summary>
    public string? PinSource { get; private init; }

    /// <summary>How messages name the key: "'label' (id 0102) on token 'Licensing'".</summary>
    public string KeyName =>
        (Object is null ? string.Empty : $"'{Object}' ") + (Id is null ? string.Empty : $"(id {Convert.ToHexStringLower(Id)}) ") + $"on token '{Token}'";

    /// <summary><see langword="true"/> if <paramref name="text"/> is meant as a PKCS#11 URI (whatever its validity).</summary>
    public static bool IsPkcs11(string? text) => text is not null && text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    /// <exception cref="HsmException">The URI is malformed, names no token or no key, or carries a PIN.</exception>
    public static Pkcs11Uri Parse(string text) =>
        TryParse(text, out var uri, out var error) ? uri : throw new HsmException(HsmProblem.InvalidUri, error);

    public static bool TryParse(string text, [NotNullWhen(true)] out Pkcs11Uri? uri, out string error)
    {
        uri = null;
        if (!IsPkcs11(text))
        {
            error = $"'{text}' is not a PKCS#11 URI: it must start with '{Scheme}'.";
            return false;
        }

        var rest = text.AsSpan(Scheme.Length);
        var question = rest.IndexOf('?');
        var path = question < 0 ? rest : rest[..question];
        var query = question < 0 ? [] : rest[(question + 1)..];

        string? token = null, serial = null, model = null, manufacturer = null, label = null, modulePath = null, pinSource = null;
        byte[]? id = null;
        foreach (var range in path.Split(';'))
        {
            var attribute = path[range];
            if (attribute.IsEmpty)
            {
                continue;
            }

            if (!TrySplit(attribute, out var name, out var value, out error))
            {
                return false;
            }

            switch (name)
            {
                case "token": token = Utf8(value); break;
                case "serial": serial = Utf8(value); break;
                case "model": model = Utf8(value); break;
                case "manufacturer": manufacturer = Utf8(value); break;
                case "object": label = Utf8(value); break;
                case "id": id = value; break;
                case "type":
                    if (Utf8(value) is not ("private" or "public"))
                    {
                        error = $"the PKCS#11 URI's type is '{Utf8(value)}'; a signing key is type=private.";
                        return false;
                    }

                    break;
                default:
                    error = $"the PKCS#11 URI's path attribute '{name}' is not supported; use token=, object=, id= (and serial=, model=, manufacturer= to tell tokens apart).";
                    return false;
            }
        }

        foreach (var range in query.Split('&'))
        {
            var attribute = query[range];
            if (attribute.IsEmpty)
            {
                continue;
            }

            if (!TrySplit(attribute, out var name, out var value, out error))
            {
                return false;
            }

            switch (name)
            {
                case "pin-value":
                    // Never echo the value: the point is that it must not be anywhere visible.
                    error = "the PKCS#11 URI carries pin-value: a PIN on the command line is visible to every user of the machine and stays in shell history. Remove it and give the PIN in the XCALLY_LICENSE_PKCS11_PIN environment variable, a PIN file (Signer:Pkcs11PinFile or --pin-file) or --pin-stdin.";
                    return false;
                case "pin-source": pinSource = Utf8(value); break;
                case "module-path": modulePath = Utf8(value); break;
                default:
                    error = $"the PKCS#11 URI's query attribute '{name}' is not supported; use module-path= or pin-source= (a PIN file), or the Signer:Pkcs11Module setting.";
                    return false;
            }
        }

        if (string.IsNullOrEmpty(token))
        {
            error = "the PKCS#11 URI names no token: add token=<label> (softhsm2-util --show-slots or pkcs11-tool --list-tokens shows the labels).";
            return false;
        }

        if (string.IsNullOrEmpty(label) && id is null)
        {
            error = "the PKCS#11 URI names no key: add object=<key label> (or id=<percent-encoded key id>).";
            return false;
        }

        uri = new Pkcs11Uri(text)
        {
            Token = token,
            Serial = serial,
            Model = model,
            Manufacturer = manufacturer,
            Object = label,
            Id = id,
            ModulePath = modulePath,
            PinSource = pinSource,
        };
        error = string.Empty;
        return true;
    }

    public override string ToString() => Text;

    private static string Utf8(byte[] value) => Encoding.UTF8.GetString(value);

    private static bool TrySplit(ReadOnlySpan<char> attribute, out string name, out byte[] value, out string error)
    {
        var equals = attribute.IndexOf('=');
        if (equals <= 0)
        {
            name = string.Empty;
            value = [];
            error = $"the PKCS#11 URI's attribute '{attribute}' has no '=' and value.";
            return false;
        }

        name = attribute[..equals].ToString().ToLowerInvariant();
        return TryPercentDecode(attribute[(equals + 1)..], out value, out error, name);
    }

    private static bool TryPercentDecode(ReadOnlySpan<char> text, out byte[] value, out string error, string name)
    {
        var bytes = new List<byte>(text.Length);
        while (!text.IsEmpty)
        {
            if (text[0] != '%')
            {
                // A run of literal characters, encoded whole so that surrogate pairs stay together.
                var run = text.IndexOf('%') is var next and >= 0 ? text[..next] : text;
                bytes.AddRange(Encoding.UTF8.GetBytes(run.ToArray()));
                text = text[run.Length..];
                continue;
            }

            if (text.Length < 3 || !byte.TryParse(text.Slice(1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b))
            {
                value = [];
                error = $"the PKCS#11 URI's {name} value has an invalid percent escape '{text[..Math.Min(3, text.Length)]}'.";
                return false;
            }

            bytes.Add(b);
            text = text[3..];
        }

        value = [.. bytes];
        error = string.Empty;
        return true;
    }
}
