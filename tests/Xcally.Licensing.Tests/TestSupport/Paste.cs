using System.Text;
using Xcally.Licensing.Format;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>What email clients, ticket systems and people do to a license on its way to the admin.</summary>
internal static class Paste
{
    public static string CrLf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);

    public static string CrOnly(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\n', '\r');

    /// <summary>Re-wraps the block's body at <paramref name="width"/> characters (0: all on one line).</summary>
    public static string Rewrap(string text, int width)
    {
        var lines = text.Split('\n');
        var begin = Array.IndexOf(lines, LicenseArmor.BeginMarker);
        var end = Array.IndexOf(lines, LicenseArmor.EndMarker);
        var body = string.Concat(lines[(begin + 1)..end]);
        var wrapped = width <= 0 ? [body] : Enumerable.Range(0, (body.Length + width - 1) / width).Select(i => body.Substring(i * width, Math.Min(width, body.Length - (i * width))));
        return string.Join('\n', lines[..(begin + 1)].Concat(wrapped).Concat(lines[end..]));
    }

    public static string Indent(string text, string indent) => string.Join('\n', text.Split('\n').Select(line => indent + line));

    public static string Quote(string text, string prefix) => string.Join('\n', text.Split('\n').Select(line => prefix + line));

    public static string TrailingSpaces(string text) => string.Join('\n', text.Split('\n').Select(line => line + " \t "));

    public static string WithoutFinalNewline(string text) => text.TrimEnd('\n');

    public static string InEmail(string text) =>
        "Hi Marco,\n\nas requested, here is the renewed license for your server:\n\n" + text +
        "\nPaste it under Settings > License.\n\nBest regards,\nThe XCALLY licensing team\n-- \nXCALLY S.p.A. | licensing@xcally.example\n";

    public static string Bom(string text) => "\uFEFF" + text;

    /// <summary>Inserts <paramref name="invisible"/> at every <paramref name="every"/>-th position.</summary>
    public static string Sprinkle(string text, char invisible, int every)
    {
        var result = new StringBuilder(text.Length + (text.Length / every) + 1);
        for (var i = 0; i < text.Length; i++)
        {
            if (i % every == every - 1)
            {
                result.Append(invisible);
            }

            result.Append(text[i]);
        }

        return result.ToString();
    }
}
