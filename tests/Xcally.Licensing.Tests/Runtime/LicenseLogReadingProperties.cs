using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xcally.Licensing.Runtime;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Runtime;

/// <summary>
/// At each start the service reads the highest state sequence and the latest time from every kept log
/// line. It reads them with a forward-only reader; what it reads from a line is what a JSON document of
/// that line says, and a line no document would read (torn, not an object, a number where a date
/// belongs) is passed over instead of stopping the start.
/// </summary>
public sealed class LicenseLogReadingProperties
{
    private static readonly string[] s_lines =
    [
        """{"time":"2026-12-03T17:37:10.4621507\u002B00:00","event":"state-saved","stateSequence":481}""",
        """{"time":"2026-12-03T17:37:10.4587131\u002B00:00","event":"token","token":"4CNGE-D8EZM-0000W"}""",
        """{"time":"2026-12-03T17:37:10.46Z","event":"state","trigger":"startup","detail":{"time":"2030-01-01T00:00:00Z","stateSequence":9}}""",
        """{"event":"install","stateSequence":12,"stateSequence":7,"time":"2026-01-01T00:00:00+02:00"}""",
    ];

    [Property(Arbitrary = [typeof(LicenseLogReadingProperties)], MaxTest = 5000)]
    public void A_line_reads_as_its_JSON_document_says_or_not_at_all(string line)
    {
        var read = LicenseLog.TryReadLine(Encoding.UTF8.GetBytes(line), out var time, out var sequence);
        var oracle = ReadWithDocument(line);

        if (oracle is var (expectedTime, expectedSequence))
        {
            Assert.True(read, line);
            Assert.Equal(expectedTime, time);
            Assert.Equal(expectedSequence, sequence);
        }
        else
        {
            Assert.False(read, line);
        }
    }

    [Fact]
    public void Nested_values_and_repeated_names_read_as_a_document_reads_them()
    {
        Assert.True(LicenseLog.TryReadLine(Encoding.UTF8.GetBytes(s_lines[2]), out var time, out var sequence));
        Assert.Equal(DateTimeOffset.Parse("2026-12-03T17:37:10.46Z", System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Null(sequence);

        Assert.True(LicenseLog.TryReadLine(Encoding.UTF8.GetBytes(s_lines[3]), out _, out sequence));
        Assert.Equal(ReadWithDocument(s_lines[3])!.Value.Sequence, sequence);
    }

    [Theory]
    [InlineData("""{"time":"2026-12-03T17:37:10Z","stateSequence":"481"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"time":"2026-12-03T17:37:10Z","stateSeq""")]
    public void A_line_a_document_would_throw_on_does_not_stop_the_start(string line)
    {
        using var motion = new LicensingHarness();
        var service = motion.Start();
        File.AppendAllText(Path.Combine(motion.StateDirectory, LicenseLog.FileName), line + "\n");

        var restarted = motion.Start();

        Assert.Equal(service.State, restarted.State);
    }

    /// <summary>What the service read from a line before: a JSON document of it (null: the line was skipped).</summary>
    private static (DateTimeOffset? Time, long? Sequence)? ReadWithDocument(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            DateTimeOffset? time = root.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.String && t.TryGetDateTimeOffset(out var at) ? at : null;
            long? sequence = root.TryGetProperty("stateSequence", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var value) ? value : null;
            return (time, sequence);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The log's own lines with up to three characters replaced, inserted or deleted.</summary>
    public static Arbitrary<string> Lines() => TextEdits.Near(s_lines, "{}[]\":,0123456789-+.TZ e\\u", 3).ToArbitrary();
}
