using Xcally.Licensing.Format;
using Xcally.Licensing.Issuing.Keys;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>Keys, documents and signed files the tests share. Keys are fixed so failures reproduce.</summary>
internal static class TestLicenses
{
    /// <summary>A key the tests trust.</summary>
    public static SigningKey Key { get; } = SigningKey.FromPrivateKey(Convert.FromHexString("1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100"));

    /// <summary>A genuine key nobody in the tests trusts.</summary>
    public static SigningKey ForeignKey { get; } = SigningKey.FromPrivateKey(Convert.FromHexString("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"));

    public static TrustedKeys Trusted { get; } = new([Key.PublicKey]);

    /// <summary>A well-formed installation token (the vm-base fixture's, as in samples/requests/demo.json).</summary>
    public const string InstallationToken = "4BKGJ-J1BPJ-TC4NV-DVNHY-22HTC-04S93-00084-FEAMM-D8CG6";

    public static DateTimeOffset Now { get; } = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static LicenseVerifier Verifier(DateTimeOffset? now = null) =>
        new(Trusted, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now ?? Now));

    public static LicenseDocument Subscription { get; } = new()
    {
        Serial = 1001,
        Lineage = 1001,
        Revision = 1,
        Kind = LicenseKind.Subscription,
        IssuedAt = new DateTimeOffset(2026, 11, 1, 9, 30, 0, TimeSpan.Zero),
        ValidFrom = new DateTimeOffset(2026, 11, 1, 9, 30, 0, TimeSpan.Zero),
        ExpiresAt = new DateTimeOffset(2027, 11, 1, 9, 30, 0, TimeSpan.Zero),
        GraceDays = 7,
        Token = "K7QX-2M9F-H4TB-8WZC",
        Customer = new Customer("Acme Contact Center", "it@acme.example"),
        Plan = "omnichannel",
        Billing = BillingFrequency.Annual,
        SupportPlan = SupportPlan.Platinum,
        Staff = new StaffCounts(1, 12, 25, 25, 4),
        Channels = EntitlementSet<Channel>.Of(Channel.Voice, Channel.Chat, Channel.WhatsApp),
        Modules = EntitlementSet<Module>.Of(Module.ContactsManager, Module.Dialer),
        Sessions = new SessionLimits(30, 60),
        AddOns = EntitlementSet<AddOn>.Of(AddOn.WebRtc, AddOn.WindowsPhonebar),
        Ai = EntitlementSet<AiFeature>.Of(AiFeature.AiAssistants, AiFeature.AgentAssistants),
        Plugins = EntitlementSet<Plugin>.Of(Plugin.Botify),
        SoftwareUpdate = true,
        AppZone = true,
    };

    /// <summary>The subscription, signed by <see cref="Key"/>.</summary>
    public static string SubscriptionFile { get; } = Key.Issue(Subscription);

    /// <summary>Signs arbitrary payload bytes as a license file, to test what the verifier does with payloads our signer would never write.</summary>
    public static string SignRawPayload(ReadOnlySpan<byte> payload, SigningKey? key = null)
    {
        key ??= Key;
        var envelope = LicenseEnvelope.Seal(payload, key.Id, key.Sign);
        return LicenseArmor.Write(envelope, []);
    }

    /// <summary>The lines of the armored block of a file, BEGIN and END included.</summary>
    public static string Block(string file) => file[file.IndexOf(LicenseArmor.BeginMarker, StringComparison.Ordinal)..];
}
