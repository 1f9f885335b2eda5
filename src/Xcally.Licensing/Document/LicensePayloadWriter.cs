using System.Globalization;
using System.Text.Json;

namespace Xcally.Licensing.Document;

/// <summary>
/// Writes a document as the payload that gets signed: compact UTF-8 JSON with members in a fixed
/// order and only ASCII characters, so the same document always gives the same bytes. Verifiers never
/// call this: they verify the stored bytes and parse them, never re-serialize.
/// </summary>
internal static class LicensePayloadWriter
{
    private static readonly JsonWriterOptions s_options = new() { Indented = false, SkipValidation = false };

    /// <exception cref="ArgumentException">The document breaks a rule of the format.</exception>
    public static byte[] Write(LicenseDocument license)
    {
        ArgumentNullException.ThrowIfNull(license);
        var problems = license.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("The license cannot be signed: " + string.Join(" ", problems), nameof(license));
        }

        if (license.UnrecognizedEntitlements.Count > 0 || license.UnrecognizedFields.Count > 0)
        {
            throw new ArgumentException(
                "The license carries entitlements or fields this version does not know; it cannot re-sign them.", nameof(license));
        }

        using var buffer = new MemoryStream(2048);
        using (var json = new Utf8JsonWriter(buffer, s_options))
        {
            json.WriteStartObject();
            json.WriteNumber("serial", license.Serial);
            json.WriteNumber("lineage", license.Lineage);
            json.WriteNumber("revision", license.Revision);
            json.WriteString("kind", WireNames.Kinds.NameOf(license.Kind));
            json.WriteString("issuedAt", FormatTimestamp(license.IssuedAt));
            json.WriteString("validFrom", FormatTimestamp(license.ValidFrom));
            if (license.ExpiresAt is { } expiresAt)
            {
                json.WriteString("expiresAt", FormatTimestamp(expiresAt));
            }

            json.WriteNumber("graceDays", license.GraceDays);
            json.WriteString("token", license.Token);

            json.WriteStartObject("customer");
            json.WriteString("name", license.Customer.Name);
            json.WriteString("email", license.Customer.Email);
            json.WriteEndObject();

            if (license.Plan is not null)
            {
                json.WriteString("plan", license.Plan);
            }

            if (license.Billing is { } billing)
            {
                json.WriteString("billing", WireNames.Billing.NameOf(billing));
            }

            if (license.SupportPlan is { } supportPlan)
            {
                json.WriteString("supportPlan", WireNames.SupportPlans.NameOf(supportPlan));
            }

            json.WriteStartObject("staff");
            json.WriteNumber("admins", license.Staff.Admins);
            json.WriteNumber("users", license.Staff.Users);
            json.WriteNumber("agents", license.Staff.Agents);
            json.WriteNumber("telephones", license.Staff.Telephones);
            json.WriteNumber("mobileAgents", license.Staff.MobileAgents);
            json.WriteEndObject();

            WriteSet(json, "channels", license.Channels, WireNames.Channels);
            WriteSet(json, "modules", license.Modules, WireNames.Modules);

            json.WriteStartObject("sessions");
            json.WriteNumber("ivrChannels", license.Sessions.IvrChannels);
            json.WriteNumber("channelSessions", license.Sessions.ChannelSessions);
            json.WriteEndObject();

            WriteSet(json, "addOns", license.AddOns, WireNames.AddOns);
            WriteSet(json, "ai", license.Ai, WireNames.Ai);
            WriteSet(json, "plugins", license.Plugins, WireNames.Plugins);
            json.WriteBoolean("softwareUpdate", license.SoftwareUpdate);
            json.WriteBoolean("appZone", license.AppZone);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>RFC 3339 in UTC with a "Z", and fractional seconds only when there are any.</summary>
    internal static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static void WriteSet<T>(Utf8JsonWriter json, string name, EntitlementSet<T> set, WireNames.EnumNames<T> names)
        where T : struct, Enum
    {
        json.WriteStartArray(name);
        foreach (var value in set)
        {
            json.WriteStringValue(names.NameOf(value));
        }

        json.WriteEndArray();
    }
}
