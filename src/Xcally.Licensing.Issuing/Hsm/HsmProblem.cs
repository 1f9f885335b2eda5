namespace Xcally.Licensing.Issuing.Hsm;

/// <summary>What went wrong with an HSM key, so the tool and its tests can tell the cases apart without reading messages.</summary>
internal enum HsmProblem
{
    /// <summary>The key reference (the <c>pkcs11:</c> URI) is malformed, or carries a PIN.</summary>
    InvalidUri,

    /// <summary>No module path, or the file cannot be loaded, or it is not a PKCS#11 module.</summary>
    ModuleUnusable,

    /// <summary>No token with the URI's label (and serial, model, manufacturer) is present.</summary>
    TokenMissing,

    /// <summary>The PIN is missing, wrong or locked.</summary>
    Pin,

    /// <summary>No private key matches the URI's object and id, or more than one does.</summary>
    KeyNotFound,

    /// <summary>The key is there but it is not an Ed25519 key (an EC P-256 or RSA key under that label).</summary>
    NotEd25519,

    /// <summary>keygen: the token already holds a key with that label or id.</summary>
    KeyExists,

    /// <summary>The token or the module failed otherwise (a PKCS#11 error code), or a signature did not verify.</summary>
    Failed,
}
