namespace Xcally.Licensing.SampleHost;

/// <summary>
/// The keys this host trusts, pinned in code: a key in a configuration file could be swapped by whoever
/// can edit that file on the customer's server. Motion pins the licensing team's production key here.
/// </summary>
internal static class MotionKeys
{
    /// <summary>
    /// The licensing team's production public key (placeholder: Motion puts the real one here). The
    /// sample pins a key generated once for it, whose private half was discarded.
    /// </summary>
    public const string ProductionPublicPem = """
        -----BEGIN PUBLIC KEY-----
        MCowBQYDK2VwAyEAOW1lpNqvk9Lr+OPQkXyHd61Sb4A6+XkiVphm2uOEGBw=
        -----END PUBLIC KEY-----
        """;

    /// <summary>
    /// The production key, plus the public example key of keys.example in the Development environment
    /// only, so that a license made by the README's main command installs on a developer's machine. Both
    /// are explicit: the example key is listed, and development keys are allowed.
    /// </summary>
    public static TrustedKeys For(IHostEnvironment environment)
    {
        var production = LicensePublicKey.ImportPem(ProductionPublicPem);
        return environment.IsDevelopment()
            ? new([production, DevelopmentKeys.ExamplePublicKey], allowDevelopmentKeys: true)
            : new([production]);
    }
}
