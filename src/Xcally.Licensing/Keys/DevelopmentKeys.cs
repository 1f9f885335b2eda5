namespace Xcally.Licensing;

/// <summary>
/// The example key pair shipped in <c>keys.example/</c>. Its private half is public knowledge, so
/// verifiers refuse licenses signed with it unless the host both trusts it (lists
/// <see cref="ExamplePublicKey"/> among its keys) and explicitly allows development keys.
/// </summary>
public static class DevelopmentKeys
{
    private static readonly byte[] s_examplePublicKey = Convert.FromHexString("cad3b3f055d9c98cc8ed0280087dc9892c1c4ac28ab96d3288d5611b21f209ac");

    /// <summary>The key id of <c>keys.example/example.public.pem</c>.</summary>
    public static KeyId ExampleKeyId { get; } = KeyId.Derive(s_examplePublicKey);

    /// <summary>The public key of <c>keys.example/example.public.pem</c>.</summary>
    public static LicensePublicKey ExamplePublicKey { get; } = LicensePublicKey.Import(s_examplePublicKey);
}
