using System.Globalization;
using System.Text;
using System.Text.Json;
using Xcally.Licensing.Document;
using Xcally.Licensing.Issuing;

namespace Xcally.Licensing.Signer.Output;

/// <summary>
/// How the tool shows a license to people (text) and to scripts (JSON). A signed license may still hold
/// spoofing characters (another signer, or one from before the signer refused them): the text shows
/// them escaped, one field per line, and the JSON escapes every character outside ASCII.
/// </summary>
internal static class LicenseText
{
    public static string Describe(LicenseDocument license)
    {
        var text = new StringBuilder();
        void Line(string label, object? value) =>
            text.Append(CultureInfo.InvariantCulture, $"  {label,-17} {SpoofingCharacters.Escape(Convert.ToString(value, CultureInfo.InvariantCulture))}\n");

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

    /// <summary>
    /// Writes the payload as signed, so scripts see every field, including ones this version does not
    /// know: the same JSON value, member for member and in the signed order, with strings re-escaped
    /// (every character outside ASCII as <c>\uXXXX</c>), so no raw bidi control or separator reaches a
    /// script's terminal. A payload that is not JSON at all is written as a string, <c>payloadText</c>.
    /// </summary>
    public static void WritePayload(Utf8JsonWriter json, ReadOnlyMemory<byte> payload)
    {
        using var copy = new MemoryStream();
        try
        {
            using (var writer = new Utf8JsonWriter(copy))
            {
                var reader = new Utf8JsonReader(payload.Span, new JsonReaderOptions { MaxDepth = 64 });
                while (reader.Read())
                {
                    CopyToken(ref reader, writer);
                }
            }

            json.WritePropertyName("license");
            json.WriteRawValue(copy.ToArray(), skipInputValidation: false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            json.WriteString("payloadText", Encoding.UTF8.GetString(payload.Span));
        }
    }

    private static void CopyToken(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                break;
            case JsonTokenType.EndObject:
                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                break;
            case JsonTokenType.EndArray:
                writer.WriteEndArray();
                break;
            case JsonTokenType.PropertyName:
                writer.WritePropertyName(reader.GetString()!);
                break;
            case JsonTokenType.String:
                writer.WriteStringValue(reader.GetString());
                break;
            case JsonTokenType.Number:
                // Numbers as written: 25.0 stays 25.0, so a script sees what the format would refuse.
                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True or JsonTokenType.False:
                writer.WriteBooleanValue(reader.GetBoolean());
                break;
            case JsonTokenType.Null:
                writer.WriteNullValue();
                break;
        }
    }

    private static string Timestamp(DateTimeOffset value) => LicensePayloadWriter.FormatTimestamp(value);

    private static string Names<T>(EntitlementSet<T> set, WireNames.EnumNames<T> names)
        where T : struct, Enum =>
        set.IsEmpty ? "-" : string.Join(", ", set.Select(names.NameOf));
}
