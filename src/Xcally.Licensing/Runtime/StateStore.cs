using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Xcally.Licensing.Runtime;

/// <summary>
/// The files in the state directory: <c>license.lic</c> (the installed license, exactly as pasted),
/// <c>license.lic.previous</c> (the one before), and <c>state.json</c> (<see cref="LicensingState"/>
/// with a MAC). Every write is a temporary file, flushed, then renamed into place; an install
/// records the new file as pending before it is renamed in, so a crash at any point leaves either
/// the old or the new license installed and recognised.
/// </summary>
internal sealed class StateStore
{
    public const string LicenseFileName = "license.lic";
    public const string PreviousFileName = "license.lic.previous";
    public const string StateFileName = "state.json";

    // The MAC catches edits by hand. Anyone who reads this source can recompute it; a server's owner
    // with root can always rewrite local state, so the rules never let a rewrite grant more (see
    // docs/integration.md): a missing or invalid state gives no grace.
    private static readonly byte[] s_macKey = SHA256.HashData("xcally-licensing-state-v1"u8);

    private readonly string _directory;

    public StateStore(string directory)
    {
        _directory = directory;
    }

    /// <summary>Called between the install's steps; tests throw from it to simulate a crash there.</summary>
    internal Action<string>? BeforeStep { get; set; }

    public string LicensePath => Path.Combine(_directory, LicenseFileName);

    public string PreviousPath => Path.Combine(_directory, PreviousFileName);

    public string StatePath => Path.Combine(_directory, StateFileName);

    /// <summary>Removes temporary files a crash left behind.</summary>
    public void RemoveLeftovers()
    {
        if (!Directory.Exists(_directory))
        {
            return;
        }

        foreach (var leftover in Directory.EnumerateFiles(_directory, ".*.tmp"))
        {
            File.Delete(leftover);
        }
    }

    public byte[]? ReadLicense() => File.Exists(LicensePath) ? File.ReadAllBytes(LicensePath) : null;

    /// <summary>The saved state; null with a reason when it is missing or was edited.</summary>
    public LicensingState? ReadState(out string? problem)
    {
        problem = null;
        if (!File.Exists(StatePath))
        {
            problem = "missing";
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(StatePath));
            var root = document.RootElement;
            var body = root.GetProperty("state").GetRawText();
            var mac = root.GetProperty("mac").GetString();
            if (mac is null || !CryptographicOperations.FixedTimeEquals(Convert.FromHexString(mac), Mac(body)))
            {
                problem = "edited (its check does not match)";
                return null;
            }

            var state = root.GetProperty("state");
            return new LicensingState
            {
                Sequence = state.GetProperty("sequence").GetInt64(),
                InstalledSha256 = OptionalString(state, "installedSha256"),
                PendingSha256 = OptionalString(state, "pendingSha256"),
                NewestIssuedAt = OptionalTime(state, "newestIssuedAt"),
                GraceStartedAt = OptionalTime(state, "graceStartedAt"),
                GraceToken = OptionalString(state, "graceToken"),
                LatestSeen = state.GetProperty("latestSeen").GetDateTimeOffset(),
                GraceForfeited = state.TryGetProperty("graceForfeited", out var forfeited) && forfeited.GetBoolean(),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IOException)
        {
            problem = "unreadable";
            return null;
        }
    }

    public void WriteState(LicensingState state)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("sequence", state.Sequence);
            WriteOptional(writer, "installedSha256", state.InstalledSha256);
            WriteOptional(writer, "pendingSha256", state.PendingSha256);
            WriteOptional(writer, "newestIssuedAt", state.NewestIssuedAt);
            WriteOptional(writer, "graceStartedAt", state.GraceStartedAt);
            WriteOptional(writer, "graceToken", state.GraceToken);
            writer.WriteString("latestSeen", state.LatestSeen.ToString("O", CultureInfo.InvariantCulture));
            if (state.GraceForfeited)
            {
                writer.WriteBoolean("graceForfeited", true);
            }

            writer.WriteEndObject();
        }

        var body = Encoding.UTF8.GetString(buffer.ToArray());
        var file = $"{{\"state\":{body},\"mac\":\"{Convert.ToHexString(Mac(body)).ToLowerInvariant()}\"}}\n";
        WriteAtomically(StatePath, Encoding.UTF8.GetBytes(file), "state");
    }

    /// <summary>
    /// Installs <paramref name="license"/>: written next to the current file, recorded as pending,
    /// the current file kept as the previous one, renamed into place, then recorded as installed.
    /// </summary>
    public LicensingState Install(byte[] license, string sha256, LicensingState current, DateTimeOffset issuedAt)
    {
        Directory.CreateDirectory(_directory);
        var staged = Path.Combine(_directory, $".{LicenseFileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            Step("write-new");
            AtomicFile.WriteFlushed(staged, license);

            Step("record-pending");
            var pending = current with { Sequence = current.Sequence + 1, PendingSha256 = sha256 };
            WriteState(pending);

            Step("keep-previous");
            if (File.Exists(LicensePath))
            {
                WriteAtomically(PreviousPath, File.ReadAllBytes(LicensePath), "previous");
            }

            Step("rename-into-place");
            File.Move(staged, LicensePath, overwrite: true);

            Step("record-installed");
            var installed = pending with
            {
                Sequence = pending.Sequence + 1,
                InstalledSha256 = sha256,
                PendingSha256 = null,
                NewestIssuedAt = pending.NewestIssuedAt is { } newest && newest > issuedAt ? newest : issuedAt,
                GraceStartedAt = null,
                GraceToken = null,
                GraceForfeited = false,
            };
            WriteState(installed);
            return installed;
        }
        finally
        {
            if (File.Exists(staged))
            {
                File.Delete(staged);
            }
        }
    }

    private void Step(string name) => BeforeStep?.Invoke(name);

    private void WriteAtomically(string path, byte[] content, string step) =>
        AtomicFile.Write(path, content, () => Step($"rename-{step}"));

    private static byte[] Mac(string body) => HMACSHA256.HashData(s_macKey, Encoding.UTF8.GetBytes(body));

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static DateTimeOffset? OptionalTime(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetDateTimeOffset() : null;

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, time.ToString("O", CultureInfo.InvariantCulture));
        }
    }
}
