using System.Text.RegularExpressions;

namespace Xcally.Licensing.Fuzz;

/// <summary>The blocks of docs/license-format.md marked <c>&lt;!-- vector:NAME --&gt;</c>, read as the format's own tests read them.</summary>
internal static partial class FormatVectors
{
    [GeneratedRegex(@"<!-- vector:(?<name>[a-z-]+) -->\n```\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex VectorBlock();

    /// <summary>Each vector's body by name, with its final newline.</summary>
    public static Dictionary<string, string> Read(string markdownPath)
    {
        var text = File.ReadAllText(markdownPath).Replace("\r\n", "\n", StringComparison.Ordinal);
        return VectorBlock().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["body"].Value);
    }

    /// <summary>A hex vector as bytes (its lines joined).</summary>
    public static byte[] Hex(string body) => Convert.FromHexString(body.Replace("\n", string.Empty, StringComparison.Ordinal));
}
