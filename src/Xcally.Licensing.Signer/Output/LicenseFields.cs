using System.Globalization;
using Xcally.Licensing.Document;

namespace Xcally.Licensing.Signer.Output;

/// <summary>A license as (field, value) pairs, for diffs and history.</summary>
internal static class LicenseFields
{
    public static IReadOnlyList<(string Field, string Value)> Of(LicenseDocument license) =>
    [
        ("serial", license.Serial.ToString(CultureInfo.InvariantCulture)),
        ("lineage", license.Lineage.ToString(CultureInfo.InvariantCulture)),
        ("revision", license.Revision.ToString(CultureInfo.InvariantCulture)),
        ("kind", WireNames.Kinds.NameOf(license.Kind)),
        ("issuedAt", LicensePayloadWriter.FormatTimestamp(license.IssuedAt)),
        ("validFrom", LicensePayloadWriter.FormatTimestamp(license.ValidFrom)),
        ("expiresAt", license.ExpiresAt is { } e ? LicensePayloadWriter.FormatTimestamp(e) : "never"),
        ("graceDays", license.GraceDays.ToString(CultureInfo.InvariantCulture)),
        ("token", license.Token),
        ("customer", $"{license.Customer.Name} <{license.Customer.Email}>"),
        ("plan", license.Plan ?? "-"),
        ("billing", license.Billing is { } b ? WireNames.Billing.NameOf(b) : "-"),
        ("supportPlan", license.SupportPlan is { } s ? WireNames.SupportPlans.NameOf(s) : "-"),
        ("admins", license.Staff.Admins.ToString(CultureInfo.InvariantCulture)),
        ("users", license.Staff.Users.ToString(CultureInfo.InvariantCulture)),
        ("agents", license.Staff.Agents.ToString(CultureInfo.InvariantCulture)),
        ("telephones", license.Staff.Telephones.ToString(CultureInfo.InvariantCulture)),
        ("mobileAgents", license.Staff.MobileAgents.ToString(CultureInfo.InvariantCulture)),
        ("channels", Names(license.Channels, WireNames.Channels)),
        ("modules", Names(license.Modules, WireNames.Modules)),
        ("ivrChannels", license.Sessions.IvrChannels.ToString(CultureInfo.InvariantCulture)),
        ("channelSessions", license.Sessions.ChannelSessions.ToString(CultureInfo.InvariantCulture)),
        ("addOns", Names(license.AddOns, WireNames.AddOns)),
        ("ai", Names(license.Ai, WireNames.Ai)),
        ("plugins", Names(license.Plugins, WireNames.Plugins)),
        ("softwareUpdate", license.SoftwareUpdate ? "yes" : "no"),
        ("appZone", license.AppZone ? "yes" : "no"),
    ];

    public static IReadOnlyList<(string Field, string Before, string After)> Diff(LicenseDocument before, LicenseDocument after) =>
        Of(before).Zip(Of(after)).Where(pair => pair.First.Value != pair.Second.Value)
            .Select(pair => (pair.First.Field, pair.First.Value, pair.Second.Value)).ToList();

    private static string Names<T>(EntitlementSet<T> set, WireNames.EnumNames<T> names)
        where T : struct, Enum => set.IsEmpty ? "-" : string.Join(", ", set.Select(names.NameOf));
}
