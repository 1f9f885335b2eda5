using Xcally.Licensing.Issuing.Catalog;
using Xcally.Licensing.Issuing.Ledger;

namespace Xcally.Licensing.Issuing;

/// <summary>
/// The contract rules of license-portal.txt, each with a message that says what is wrong and what to
/// do. Documented in docs/signer.md.
/// </summary>
internal static class ContractRules
{
    public const int MinimumAgents = 5;
    public const int DemoDays = 30;
    public const int DecreaseCutoffDay = 20;

    private static readonly Channel[] TextChannels = [Channel.Chat, Channel.Email, Channel.Sms, Channel.OpenChannel, Channel.WhatsApp];

    /// <summary>The rules every billed license follows.</summary>
    public static List<string> CheckBilled(LicenseDocument license, Plan plan)
    {
        var problems = new List<string>();
        if (license.Staff.Agents < MinimumAgents)
        {
            problems.Add($"agents: a billed license has at least {MinimumAgents} concurrent agents; the request asks for {license.Staff.Agents}.");
        }

        if (license.Staff.Admins < 1)
        {
            problems.Add("admins: one admin user is always included; the request sets 0.");
        }

        if (license.Ai.Contains(AiFeature.AgentAssistants) && !license.Ai.Contains(AiFeature.AiAssistants))
        {
            problems.Add("ai: AI agent assistants come only together with AI assistants; add \"aiAssistants\" or remove \"agentAssistants\".");
        }

        if (license.AddOns.Contains(AddOn.RealTimeTranslator) && !TextChannels.Any(plan.Channels.Contains))
        {
            problems.Add($"addOns: the real-time translator applies to the text channels, and plan '{plan.Id}' has none.");
        }

        if (license.Channels != plan.Channels)
        {
            problems.Add($"channels: the channels come from plan '{plan.Id}' ({string.Join(", ", plan.Channels.Select(Document.WireNames.Channels.NameOf))}); remove \"channels\" from the request or choose another plan.");
        }

        return problems;
    }

    /// <summary>A token may be activated (demo or new billed license) only while it holds no active license.</summary>
    public static string? CheckNotActive(LicenseLedger ledger, string token, DateTimeOffset now)
    {
        var current = ledger.Current(token);
        return current is not null && current.Kind != "deactivation" && (current.ExpiresAt is null || current.ExpiresAt > now)
            ? $"token {token} already holds an active license (serial {current.Serial}, revision {current.Revision}, {current.Kind}, for {SpoofingCharacters.Escape(current.Customer)}); change it with modify, contract, renew or move instead."
            : null;
    }

    /// <summary>
    /// Whether going from <paramref name="current"/> to <paramref name="next"/> decreases anything: fewer
    /// accounts, or an add-on, AI feature or plugin removed.
    /// </summary>
    public static bool IsDecrease(LicenseDocument current, LicenseDocument next) =>
        next.Staff.Agents < current.Staff.Agents || next.Staff.Users < current.Staff.Users || next.Staff.Telephones < current.Staff.Telephones ||
        next.Staff.MobileAgents < current.Staff.MobileAgents || current.AddOns.Count > next.AddOns.Count || current.Ai.Any(a => !next.Ai.Contains(a)) ||
        current.Plugins.Any(p => !next.Plugins.Contains(p)) || current.AddOns.Any(a => !next.AddOns.Contains(a));

    /// <summary>
    /// When a change takes effect: increases at once; a decrease requested by the 20th of the month at
    /// once, after the 20th on the first day of the next month (00:00 UTC).
    /// </summary>
    public static DateTimeOffset EffectiveFrom(DateTimeOffset now, bool decrease)
    {
        if (!decrease || now.UtcDateTime.Day <= DecreaseCutoffDay)
        {
            return now;
        }

        var firstOfMonth = new DateTimeOffset(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return firstOfMonth.AddMonths(1);
    }

    /// <summary>
    /// One billing period from <paramref name="from"/>: monthly adds a calendar month, annual a calendar
    /// year; a day the target month lacks becomes its last day (31 January + 1 month = 28/29 February).
    /// </summary>
    public static DateTimeOffset PeriodEnd(DateTimeOffset from, BillingFrequency billing) =>
        billing == BillingFrequency.Annual ? from.AddYears(1) : from.AddMonths(1);

    /// <summary>The free demo: 30 days, 1 admin, 3 agents, 1 telephone, 1 mobile agent, every channel and add-on (WebRTC and the Windows Phonebar among them).</summary>
    public static LicenseDocument Demo(string token, Customer customer, DateTimeOffset now) => new()
    {
        Serial = 1,
        Lineage = 1,
        Revision = 1,
        Kind = LicenseKind.Demo,
        IssuedAt = now,
        ValidFrom = now,
        ExpiresAt = now.AddDays(DemoDays),
        Token = token,
        Customer = customer,
        Staff = new StaffCounts(1, 0, 3, 1, 1),
        Channels = EntitlementSet<Channel>.All,
        Modules = EntitlementSet<Module>.All,
        Sessions = new SessionLimits(3, 3),
        AddOns = EntitlementSet<AddOn>.All,
        SoftwareUpdate = true,
    };
}
