using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Document;

public sealed class LicenseDocumentTests
{
    private static readonly LicenseDocument s_license = TestLicenses.Subscription;

    [Fact]
    public void Entitlements_are_read_through_typed_sets_and_counts()
    {
        Assert.True(s_license.Channels.Contains(Channel.WhatsApp));
        Assert.False(s_license.Channels.Contains(Channel.Fax));
        Assert.True(s_license.Modules.Contains(Module.Dialer));
        Assert.True(s_license.AddOns.Contains(AddOn.WebRtc));
        Assert.True(s_license.Ai.Contains(AiFeature.AgentAssistants));
        Assert.True(s_license.Plugins.Contains(Plugin.Botify));
        Assert.Equal(25, s_license.Staff.Agents);
        Assert.Equal(4, s_license.Staff.MobileAgents);
        Assert.Equal(60, s_license.Sessions.ChannelSessions);
        Assert.True(s_license.SoftwareUpdate);
        Assert.True(s_license.AppZone);
    }

    [Fact]
    public void An_entitlement_set_enumerates_in_order_and_counts()
    {
        var set = EntitlementSet<Channel>.Of(Channel.WhatsApp, Channel.Voice, Channel.Sms);
        Assert.Equal([Channel.Voice, Channel.Sms, Channel.WhatsApp], set.ToArray());
        Assert.Equal(3, set.Count);
        Assert.Equal(7, EntitlementSet<Channel>.All.Count);
        Assert.True(EntitlementSet<Plugin>.Empty.IsEmpty);
        Assert.Equal(set.Without(Channel.Sms), EntitlementSet<Channel>.Of(Channel.Voice, Channel.WhatsApp));
    }

    [Fact]
    public void An_undefined_enum_value_is_never_contained_and_cannot_be_added()
    {
        Assert.False(EntitlementSet<Channel>.All.Contains((Channel)99));
        Assert.False(EntitlementSet<Channel>.All.Contains((Channel)(-1)));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => EntitlementSet<Channel>.Of((Channel)7));
    }

    [Fact]
    public void A_valid_document_breaks_no_rule() => Assert.Empty(s_license.Validate());

    public static TheoryData<string, LicenseDocument, string> BrokenRules => new()
    {
        { "zero serial", s_license with { Serial = 0 }, "serial must be" },
        { "serial beyond 2^53", s_license with { Serial = 1L << 53 }, "serial must be" },
        { "zero revision", s_license with { Revision = 0 }, "revision must be" },
        { "grace over 30 days", s_license with { GraceDays = 31 }, "graceDays" },
        { "empty token", s_license with { Token = string.Empty }, "token must be" },
        { "token with a double dash", s_license with { Token = "AB--CD" }, "token must be" },
        { "lower-case token", s_license with { Token = "abcd" }, "token must be" },
        { "expiry before validity", s_license with { ExpiresAt = s_license.ValidFrom }, "expiresAt must be later" },
        { "subscription without expiry", s_license with { ExpiresAt = null }, "expiresAt is required" },
        { "subscription without plan", s_license with { Plan = null }, "names its plan" },
        { "subscription without billing", s_license with { Billing = null }, "billing frequency" },
        { "subscription without support", s_license with { SupportPlan = null }, "support plan" },
        { "subscription without admin", s_license with { Staff = s_license.Staff with { Admins = 0 } }, "at least one admin" },
        { "negative agents", s_license with { Staff = s_license.Staff with { Agents = -1 } }, "staff.agents" },
        { "too many sessions", s_license with { Sessions = new SessionLimits(1, 2_000_000) }, "sessions.channelSessions" },
        { "plan with capitals", s_license with { Plan = "Omni" }, "plan must be" },
        { "name with a control character", s_license with { Customer = new Customer("Acme\u0007", "it@acme.example") }, "customer.name" },
        { "name with surrounding spaces", s_license with { Customer = new Customer(" Acme", "it@acme.example") }, "customer.name" },
        { "email without a domain dot", s_license with { Customer = new Customer("Acme", "it@acme") }, "customer.email" },
        { "email with two @", s_license with { Customer = new Customer("Acme", "it@@acme.example") }, "customer.email" },
        { "demo with billing", s_license with { Kind = LicenseKind.Demo }, "a demo is free" },
        { "deactivation that grants agents", s_license with { Kind = LicenseKind.Deactivation }, "a deactivation grants nothing" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void Each_broken_rule_is_named(string rule, LicenseDocument license, string problem)
    {
        var problems = license.Validate();
        Assert.True(problems.Any(p => p.Contains(problem, StringComparison.Ordinal)), $"{rule}: {string.Join(" | ", problems)}");
    }

    [Fact]
    public void A_document_that_breaks_a_rule_cannot_be_signed()
    {
        var error = Assert.Throws<ArgumentException>("license", () => TestLicenses.Key.Issue(s_license with { GraceDays = 99 }));
        Assert.Contains("graceDays", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Documents_with_equal_fields_are_equal() =>
        Assert.Equal(s_license, s_license with { Customer = new Customer("Acme Contact Center", "it@acme.example") });
}
