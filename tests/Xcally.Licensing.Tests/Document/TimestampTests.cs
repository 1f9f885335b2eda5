using System.Text.Json;
using Xcally.Licensing.Document;

namespace Xcally.Licensing.Tests.Document;

public sealed class TimestampTests
{
    public static TheoryData<string, string> SameInstants => new()
    {
        { "2027-11-01T09:30:00Z", "2027-11-01T09:30:00.0000000+00:00" },
        { "2027-11-01T11:30:00+02:00", "2027-11-01T09:30:00.0000000+00:00" },
        { "2027-11-01T00:15:00-09:30", "2027-11-01T09:45:00.0000000+00:00" },
        { "2027-11-01T09:30:00.5Z", "2027-11-01T09:30:00.5000000+00:00" },
        { "2027-11-01T09:30:00.1234567Z", "2027-11-01T09:30:00.1234567+00:00" },
        { "2028-02-29T23:59:59+14:00", "2028-02-29T09:59:59.0000000+00:00" },
        { "0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000+00:00" },
    };

    [Theory]
    [MemberData(nameof(SameInstants))]
    public void A_timestamp_with_any_offset_is_read_as_the_same_instant_in_utc(string written, string expected)
    {
        var problems = new List<string>();
        using var json = JsonDocument.Parse($"\"{written}\"");

        var read = new JsonValueReader(problems).Timestamp(json.RootElement, "expiresAt");

        Assert.Empty(problems);
        Assert.Equal(TimeSpan.Zero, read.Offset);
        Assert.Equal(expected, read.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2027-02-29T00:00:00Z")]
    [InlineData("2027-13-01T00:00:00Z")]
    [InlineData("2027-00-01T00:00:00Z")]
    [InlineData("2027-11-00T00:00:00Z")]
    [InlineData("2027-11-01T23:60:00Z")]
    [InlineData("0001-01-01T00:00:00+00:01")]
    [InlineData("9999-12-31T23:59:59-00:01")]
    [InlineData("2027-11-01T09:30:00.12345678Z")]
    [InlineData("2027-11-01 09:30:00Z")]
    public void An_impossible_or_out_of_range_timestamp_is_a_problem_named_by_its_field(string written)
    {
        var problems = new List<string>();
        using var json = JsonDocument.Parse($"\"{written}\"");

        new JsonValueReader(problems).Timestamp(json.RootElement, "expiresAt");

        Assert.Contains(problems, p => p.StartsWith("'expiresAt' must be an RFC 3339 timestamp", StringComparison.Ordinal));
    }
}
