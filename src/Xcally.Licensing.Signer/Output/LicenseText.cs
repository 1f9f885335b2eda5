using System.Globalization;
using System.Text;
using System.Text.Json;
using Xcally.Licensing.Document;

namespace Xcally.Licensing.Signer.Output;

/// <summary>How the tool shows a license to people (text) and to scripts (JSON).</summary>
internal static class LicenseText
{
    public static string Describe(LicenseDocument license)
    {
        var text = new StringBuilder();
        void Line(string label, object? value) => text.Append(CultureInfo.InvariantCulture, $"  {label,-17} {value}\n");

        Line("Serial", license.Serial);
        Line("Lineage", license.Lineage);
        Line("Revision", license.Revision);
        Line("Kind", WireNames.Kinds.NameOf(license.Kind));
        Line("Customer", $"{license.Customer.Name} <{license.Customer.Email}>");
        Line("Token", license.Token);
        Line("Issued", Timestamp(license.IssuedAt));
        Line("Valid from", Timestamp(license.ValidFrom));
        Line("Expires", license.ExpiresAt is { } e ? Timestamp(e) : "never");
        Line("Grace days", license.GraceDays);
        Line("Plan", license.Plan ?? "-");
        Line("Billing", license.Billing is { } b ? WireNames.Billing.NameOf(b) : "-");
        Line("Support plan", license.SupportPlan is { } s ? WireNames.SupportPlans.NameOf(s) : "-");
        Line("Staff", $"{license.Staff.Admins} admins, {license.Staff.Users} users, {license.Staff.Agents} agents, {license.Staff.Telephones} telephones, {license.Staff.MobileAgents} mobile agents");
        Line("Channels", Names(license.Channels, WireNames.Channels));
        Line("Modules", Names(license.Modules, WireNames.Modules));
        Line("Sessions", $"{license.Sessions.IvrChannels} IVR channels, {license.Sessions.ChannelSessions} channel sessions");
        Line("Add-ons", Names(license.AddOns, WireNames.AddOns));
        Line("AI", Names(license.Ai, WireNames.Ai));
        Line("Plugins", Names(license.Plugins, WireNames.Plugins));
        Line("Software update", license.SoftwareUpdate ? "allowed" : "not allowed");
        Line("App Zone", license.AppZone ? "yes" : "no");
        if (license.UnrecognizedEntitlements.Count > 0)
        {
            Line("Not understood", string.Join(", ", license.UnrecognizedEntitlements) + " (from a newer signer; grants nothing here)");
        }

        if (license.UnrecognizedFields.Count > 0)
        {
            Line("Unknown fields", string.Join(", ", license.UnrecognizedFields) + " (from a newer signer; ignored)");
        }

        return text.ToString();
    }

    /// <summary>Writes the payload exactly as signed, so scripts see every field, including ones this version does not know.</summary>
    public static void WritePayload(Utf8JsonWriter json, ReadOnlyMemory<byte> payload)
    {
        json.WritePropertyName("license");
        json.WriteRawValue(payload.Span, skipInputValidation: false);
    }

    private static string Timestamp(DateTimeOffset value) => LicensePayloadWriter.FormatTimestamp(value);

    private static string Names<T>(EntitlementSet<T> set, WireNames.EnumNames<T> names)
        where T : struct, Enum =>
        set.IsEmpty ? "-" : string.Join(", ", set.Select(names.NameOf));
}
