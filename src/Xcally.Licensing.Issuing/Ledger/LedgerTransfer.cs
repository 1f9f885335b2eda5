using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>
/// A whole ledger as JSON lines, to move it between SQLite and PostgreSQL (or back up either) without
/// loss: a header with the highest serial ever handed out, then one line per license (the signed file
/// included, byte for byte), per burned reservation and per delivery-server fetch. An import checks
/// every file's SHA-256 before it writes anything, and writes everything in one transaction.
/// </summary>
internal static class LedgerTransfer
{
    public const string Format = "xcally-license-ledger";
    public const int FormatVersion = 1;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    /// <summary>Writes <paramref name="ledger"/> to <paramref name="output"/>, and returns how many of each record it wrote.</summary>
    public static (int Licenses, int Reserved, int Fetches) Export(LicenseLedger ledger, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(output);
        Line(output, w =>
        {
            w.WriteString("format", Format);
            w.WriteNumber("version", FormatVersion);
            w.WriteNumber("lastSerial", ledger.LastSerial());
        });
        var licenses = 0;
        foreach (var e in ledger.All())
        {
            licenses++;
            Line(output, w =>
            {
                w.WriteString("record", "license");
                w.WriteNumber("serial", e.Serial);
                w.WriteNumber("lineage", e.Lineage);
                w.WriteNumber("revision", e.Revision);
                w.WriteString("kind", e.Kind);
                w.WriteString("token", e.Token);
                w.WriteString("customer", e.Customer);
                w.WriteString("email", e.Email);
                if (e.Plan is not null)
                {
                    w.WriteString("plan", e.Plan);
                }

                w.WriteString("issuedAt", Time(e.IssuedAt));
                w.WriteString("validFrom", Time(e.ValidFrom));
                if (e.ExpiresAt is { } expires)
                {
                    w.WriteString("expiresAt", Time(expires));
                }

                w.WriteString("operator", e.Operator);
                w.WriteString("command", e.Command);
                w.WriteString("sha256", e.Sha256);
                w.WriteString("text", e.Text);
            });
        }

        var reserved = ledger.Reservations();
        foreach (var r in reserved)
        {
            Line(output, w =>
            {
                w.WriteString("record", "reserved");
                w.WriteNumber("serial", r.Serial);
                w.WriteNumber("lineage", r.Lineage);
                w.WriteNumber("revision", r.Revision);
                w.WriteString("token", r.Token);
                w.WriteString("operator", r.Operator);
                w.WriteString("command", r.Command);
            });
        }

        var fetches = 0;
        foreach (var f in ledger.AllFetches())
        {
            fetches++;
            Line(output, w =>
            {
                w.WriteString("record", "fetch");
                w.WriteString("token", f.Token);
                w.WriteString("fetchedAt", Time(f.FetchedAt));
                w.WriteString("outcome", FetchRecord.OutcomeName(f.Outcome));
                if (f.Serial is { } serial)
                {
                    w.WriteNumber("serial", serial);
                }

                if (f.Sha256 is not null)
                {
                    w.WriteString("sha256", f.Sha256);
                }

                w.WriteString("client", f.Client);
            });
        }

        return (licenses, reserved.Count, fetches);
    }

    /// <summary>Reads an export from <paramref name="input"/> into the empty <paramref name="ledger"/>.</summary>
    /// <exception cref="InvalidDataException">The input is not a whole, undamaged export; the message names the line.</exception>
    /// <exception cref="LedgerException">The ledger is not empty.</exception>
    public static (int Licenses, int Reserved, int Fetches) Import(TextReader input, LicenseLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(ledger);
        var licenses = new List<LedgerEntry>();
        var reserved = new List<ReservedSerial>();
        var fetches = new List<FetchRecord>();
        long? lastSerial = null;
        var number = 0;
        while (input.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var r = document.RootElement;
                if (lastSerial is null)
                {
                    if (!r.TryGetProperty("format", out var format) || format.GetString() != Format || r.GetProperty("version").GetInt32() != FormatVersion)
                    {
                        throw new InvalidDataException($"it is not an export of xcally-license (format {Format}, version {FormatVersion}).");
                    }

                    lastSerial = r.GetProperty("lastSerial").GetInt64();
                    continue;
                }

                switch (r.GetProperty("record").GetString())
                {
                    case "license":
                        var text = r.GetProperty("text").GetString()!;
                        var sha256 = r.GetProperty("sha256").GetString()!;
                        if (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))) != sha256)
                        {
                            throw new InvalidDataException($"the file of serial {r.GetProperty("serial").GetInt64()} does not match its SHA-256: the export is damaged.");
                        }

                        licenses.Add(new LedgerEntry(
                            r.GetProperty("serial").GetInt64(), r.GetProperty("lineage").GetInt64(), r.GetProperty("revision").GetInt32(),
                            r.GetProperty("kind").GetString()!, r.GetProperty("token").GetString()!, r.GetProperty("customer").GetString()!, r.GetProperty("email").GetString()!,
                            r.TryGetProperty("plan", out var plan) ? plan.GetString() : null, Parse(r.GetProperty("issuedAt")), Parse(r.GetProperty("validFrom")),
                            r.TryGetProperty("expiresAt", out var expires) ? Parse(expires) : null, r.GetProperty("operator").GetString()!, r.GetProperty("command").GetString()!,
                            sha256, text));
                        break;
                    case "reserved":
                        reserved.Add(new ReservedSerial(
                            r.GetProperty("serial").GetInt64(), r.GetProperty("lineage").GetInt64(), r.GetProperty("revision").GetInt32(),
                            r.GetProperty("token").GetString()!, r.GetProperty("operator").GetString()!, r.GetProperty("command").GetString()!));
                        break;
                    case "fetch":
                        fetches.Add(new FetchRecord(
                            r.GetProperty("token").GetString()!, Parse(r.GetProperty("fetchedAt")), FetchRecord.ParseOutcome(r.GetProperty("outcome").GetString()!),
                            r.TryGetProperty("serial", out var serial) ? serial.GetInt64() : null, r.TryGetProperty("sha256", out var sha) ? sha.GetString() : null,
                            r.GetProperty("client").GetString()!));
                        break;
                    default:
                        throw new InvalidDataException("it holds a record of a kind this tool does not know.");
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or InvalidDataException)
            {
                throw new InvalidDataException($"line {number} of the export: {e.Message}", e);
            }
        }

        if (lastSerial is null)
        {
            throw new InvalidDataException("the export is empty: it has not even its header line.");
        }

        ledger.Import(licenses, reserved, fetches, lastSerial.Value);
        return (licenses.Count, reserved.Count, fetches.Count);
    }

    private static void Line(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(JsonElement value) =>
        DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
