using System.Text;
using Xcally.Licensing.Document;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Document;

/// <summary>
/// StrictJson answers a payload that keeps the rules in one pass and leaves every refusal, and its
/// reason, to the rules applied in order: the two must accept exactly the same payloads, or the one
/// pass would let through what the rules refuse.
/// </summary>
public sealed class StrictJsonTests
{
    // A payload nested this many levels, the root object counting as the first.
    private static string NestedArrays(int levels) => "{\"a\":" + new string('[', levels - 1) + new string(']', levels - 1) + "}";

    private static string NestedObjects(int levels) =>
        string.Concat(Enumerable.Repeat("{\"k\":", levels - 1)) + "{}" + new string('}', levels - 1);

    public static TheoryData<string> Payloads => new()
    {
        "{}",
        "{\"a\":1}",
        "[1]",
        "\"a\"",
        "{\"a\":1,\"a\":2}",
        "{\"a\":1,\"A\":2}",
        "{\"ab1c\":1,\"ab2c\":2}",
        "{\"ab1c\":1,\"AB1C\":2}",
        "{\"\":1,\"\":2}",
        "{\"a\\u0062\":1,\"ab\":2}",
        "{\"a\\u0042\":1,\"ab\":2}",
        "{\"@\":1,\"`\":2}",
        "{\"x\":{\"a\":1},\"y\":{\"a\":1}}",
        "{\"x\":{\"a\":1,\"b\":{\"c\":1,\"C\":2}}}",
        "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\udc00\\ud800\"}",
        "{\"a\":\"\\ud83d\\ude00\"}",
        "{\"\\ud800\":1}",
        "{\"a\":1,\"a\":2,",
        NestedArrays(8),
        NestedArrays(9),
        NestedObjects(8),
        NestedObjects(9),
        NestedArrays(9)[..^1],
        "{\"a\":1,\"a\":2," + NestedArrays(9)[1..],
        "{\"a\":[[[[[[[{\"b\":1}]]]]]]]}",
        "{\"a\":[[[[[[[[{\"b\":1}]]]]]]]]}",
        "{\"a\":[[[[[[[[[[]]]]]]]]]] \"broken\"",
        "{\"a\":\"[[[[[[[[[[[[[[\"}",
        "\uFEFF{}",
        "{} x",
        "{\"a\":1,}",
        "{\"a\":1 /* c */}",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void The_one_pass_accepts_exactly_what_the_rules_in_order_accept(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        AssertSameAnswer(bytes);
    }

    [Fact]
    public void Damaged_copies_of_a_signed_payload_get_the_same_answer_from_both()
    {
        var payload = LicensePayloadWriter.Write(TestLicenses.Subscription);
        Assert.True(StrictJson.IsStrict(payload));

        // Bytes that change what the rules see: structure, quotes, escapes, case, invalid UTF-8.
        byte[] replacements = [.. "{}[]\",:\\uAaZz0 "u8, 0xFF, 0xC0, 0x80];
        var random = new Random(13);
        for (var i = 0; i < 5000; i++)
        {
            var damaged = (byte[])payload.Clone();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                damaged[random.Next(damaged.Length)] = replacements[random.Next(replacements.Length)];
            }

            AssertSameAnswer(damaged);
        }
    }

    private static void AssertSameAnswer(byte[] bytes)
    {
        var inOrder = StrictJson.TryCheckInOrder(bytes, out var reason);

        Assert.Equal(inOrder, StrictJson.IsStrict(bytes));
        Assert.Equal(inOrder, StrictJson.TryCheck(bytes, out var checkedReason));
        Assert.Equal(reason, checkedReason);
    }
}
