using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Xcally.Licensing.Runtime;

/// <summary>
/// The license log: append-only JSON lines (<c>license.log</c>, rotated to <c>license.log.1</c>
/// when it reaches its size), for support tickets. It records events, decisions and token diffs,
/// never raw identifying values.
/// </summary>
internal sealed class LicenseLog
{
    public const string FileName = "license.log";
    public const string RotatedFileName = "license.log.1";

    private readonly string _path;
    private readonly string _rotatedPath;
    private readonly long _maxBytes;
    private readonly TimeProvider _time;
    private readonly object _gate = new();

    public LicenseLog(string directory, long maxBytes, TimeProvider time)
    {
        _path = Path.Combine(directory, FileName);
        _rotatedPath = Path.Combine(directory, RotatedFileName);
        _maxBytes = maxBytes;
        _time = time;
    }

    public void Write(string eventName, Action<Utf8JsonWriter>? fields = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("time", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("event", eventName);
            fields?.Invoke(writer);
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        var line = buffer.ToArray();
        lock (_gate)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                if (File.Exists(_path) && new FileInfo(_path).Length + line.Length > _maxBytes)
                {
                    File.Move(_path, _rotatedPath, overwrite: true);
                }

                using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
                stream.Write(line);
                stream.Flush(flushToDisk: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The log must never stop licensing; a full disk loses log lines, not the license.
            }
        }
    }

    /// <summary>The newest state-file sequence the log has seen (to notice a restored old state), and the latest time in it.</summary>
    /// <remarks>
    /// It reads every kept line at each start (up to twice <see cref="LicensingOptions.MaxLogBytes"/>),
    /// so it reads the bytes with a forward-only reader: no string per line, no document per line.
    /// </remarks>
    public (long Sequence, DateTimeOffset? LatestTime) Highest()
    {
        long sequence = 0;
        DateTimeOffset? latest = null;
        lock (_gate)
        {
            foreach (var path in new[] { _rotatedPath, _path })
            {
                byte[] bytes;
                try
                {
                    if (!File.Exists(path))
                    {
                        continue;
                    }

                    bytes = File.ReadAllBytes(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                var rest = bytes.AsSpan();
                if (rest.StartsWith(Utf8Bom))
                {
                    rest = rest[Utf8Bom.Length..];
                }

                while (!rest.IsEmpty)
                {
                    var end = rest.IndexOf((byte)'\n');
                    var line = end < 0 ? rest : rest[..end];
                    rest = end < 0 ? [] : rest[(end + 1)..];
                    if (TryReadLine(line, out var time, out var lineSequence))
                    {
                        latest = time is { } at && (latest is null || at > latest) ? at : latest;
                        sequence = lineSequence is { } value ? Math.Max(sequence, value) : sequence;
                    }
                }
            }
        }

        return (sequence, latest);
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// A line's own <c>time</c> (a date) and <c>stateSequence</c> (an integer), the last of a repeated
    /// name; nothing from a line that is not one whole JSON object, such as a line torn by a crash.
    /// </summary>
    internal static bool TryReadLine(ReadOnlySpan<byte> line, out DateTimeOffset? time, out long? sequence)
    {
        time = null;
        sequence = null;
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTime = reader.ValueTextEquals("time"u8);
                var isSequence = reader.ValueTextEquals("stateSequence"u8);
                reader.Read();
                if (isTime)
                {
                    time = reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var at) ? at : null;
                }
                else if (isSequence)
                {
                    sequence = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : null;
                }

                reader.Skip();
            }

            // The object closed, and nothing but white space follows it.
            return reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The downloadable log: the current status first, then every kept line, oldest first.</summary>
    public byte[] Export(LicenseStatus status)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{{\"event\":\"status\",\"status\":{JsonSerializer.Serialize(status, LicenseStatusJsonContext.Default.LicenseStatus)}}}\n");
        foreach (var line in Lines())
        {
            text.Append(line).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private IEnumerable<string> Lines()
    {
        List<string> lines = [];
        lock (_gate)
        {
            foreach (var path in new[] { _rotatedPath, _path })
            {
                try
                {
                    if (File.Exists(path))
                    {
                        lines.AddRange(File.ReadAllLines(path).Where(l => l.Length > 0));
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // An unreadable log is reported as empty rather than stopping the export.
                }
            }
        }

        return lines;
    }
}
