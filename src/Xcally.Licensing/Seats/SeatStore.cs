using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Xcally.Licensing.Runtime;

namespace Xcally.Licensing.Seats;

/// <summary>What <c>seats.json</c> holds: the named pools' assignments and since when each is over its limit.</summary>
internal sealed record SeatFile(long Sequence, long NextOrder, IReadOnlyDictionary<SeatPool, NamedSeats> Named, IReadOnlyDictionary<SeatPool, DateTimeOffset> OverLimitSince)
{
    public static SeatFile Empty { get; } = new(0, 1, new Dictionary<SeatPool, NamedSeats>(), new Dictionary<SeatPool, DateTimeOffset>());

    public NamedSeats Of(SeatPool pool) => Named.TryGetValue(pool, out var seats) ? seats : NamedSeats.Empty;
}

/// <summary>
/// <c>seats.json</c> in the state directory, beside the license state and written the same way:
/// replaced atomically (a crash leaves the old or the new assignments), with a MAC that tells an edit
/// by hand. An edited file is still read, so nothing assigned is lost; it is reported, and the limit
/// applies to what it holds as to anything else.
/// </summary>
internal sealed class SeatStore(string directory)
{
    public const string FileName = "seats.json";

    // As for the state file: this catches edits by hand, not a determined owner with root, and an edit
    // cannot grant a seat the license does not count: the limit is the license's, never the file's.
    private static readonly byte[] s_macKey = SHA256.HashData("xcally-licensing-seats-v1"u8);

    public string Path { get; } = System.IO.Path.Combine(directory, FileName);

    /// <summary>Called before the steps of a write; tests throw from it to simulate a crash there.</summary>
    internal Action<string>? BeforeStep { get; set; }

    /// <summary>The saved seats; <see cref="SeatFile.Empty"/> when there is no file. <paramref name="problem"/> says what was wrong with one.</summary>
    public SeatFile Read(out string? problem)
    {
        problem = null;
        if (!File.Exists(Path))
        {
            return SeatFile.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(Path));
            var root = document.RootElement;
            var body = root.GetProperty("seats");
            var mac = root.TryGetProperty("mac", out var m) ? m.GetString() : null;
            if (mac is null || mac.Length != 64 || !CryptographicOperations.FixedTimeEquals(Convert.FromHexString(mac), Mac(body.GetRawText())))
            {
                problem = "edited by hand (its check does not match)";
            }

            var named = new Dictionary<SeatPool, NamedSeats>();
            var since = new Dictionary<SeatPool, DateTimeOffset>();
            var pools = body.GetProperty("pools");
            foreach (var pool in SeatPools.All.Where(p => !SeatPools.IsConcurrent(p)))
            {
                if (!pools.TryGetProperty(SeatPools.WireName(pool), out var entry))
                {
                    continue;
                }

                if (entry.TryGetProperty("overLimitSince", out var s))
                {
                    since[pool] = s.GetDateTimeOffset();
                }

                var seats = new List<NamedSeat>();
                var ids = new HashSet<string>(StringComparer.Ordinal);
                foreach (var seat in entry.GetProperty("assigned").EnumerateArray())
                {
                    var id = seat.GetProperty("id").GetString() ?? throw new FormatException("an id is null");
                    if (ids.Add(id))
                    {
                        seats.Add(new NamedSeat(id, seat.GetProperty("order").GetInt64(), seat.GetProperty("assignedAt").GetDateTimeOffset()));
                    }
                }

                named[pool] = new NamedSeats(seats);
            }

            var nextOrder = Math.Max(body.GetProperty("nextOrder").GetInt64(), named.Values.SelectMany(n => n.InOrder).Select(s => s.Order + 1).DefaultIfEmpty(1).Max());
            return new SeatFile(body.GetProperty("sequence").GetInt64(), nextOrder, named, since);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IOException or UnauthorizedAccessException)
        {
            problem = $"unreadable ({e.Message})";
            return SeatFile.Empty;
        }
    }

    /// <summary>Replaces the file with <paramref name="seats"/>; a failure throws and leaves the old file whole.</summary>
    public void Write(SeatFile seats)
    {
        BeforeStep?.Invoke("write-seats");
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("sequence", seats.Sequence);
            writer.WriteNumber("nextOrder", seats.NextOrder);
            writer.WriteStartObject("pools");
            foreach (var pool in SeatPools.All.Where(p => !SeatPools.IsConcurrent(p)))
            {
                var named = seats.Of(pool);
                var overLimit = seats.OverLimitSince.TryGetValue(pool, out var since);
                if (named.Count == 0 && !overLimit)
                {
                    continue;
                }

                writer.WriteStartObject(SeatPools.WireName(pool));
                if (overLimit)
                {
                    writer.WriteString("overLimitSince", since.ToString("O", CultureInfo.InvariantCulture));
                }

                writer.WriteStartArray("assigned");
                foreach (var seat in named.InOrder)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", seat.Id);
                    writer.WriteNumber("order", seat.Order);
                    writer.WriteString("assignedAt", seat.AssignedAt.ToString("O", CultureInfo.InvariantCulture));
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        var body = Encoding.UTF8.GetString(buffer.ToArray());
        var file = $"{{\"seats\":{body},\"mac\":\"{Convert.ToHexString(Mac(body)).ToLowerInvariant()}\"}}\n";
        AtomicFile.Write(Path, Encoding.UTF8.GetBytes(file), () => BeforeStep?.Invoke("rename-seats"));
    }

    private static byte[] Mac(string body) => HMACSHA256.HashData(s_macKey, Encoding.UTF8.GetBytes(body));
}
