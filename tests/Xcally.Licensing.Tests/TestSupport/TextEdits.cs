using FsCheck;
using FsCheck.Fluent;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>FsCheck generator of texts near known ones: a few characters replaced, inserted or deleted anywhere.</summary>
public static class TextEdits
{
    /// <summary>One of <paramref name="originals"/> with 0 to <paramref name="maxEdits"/> edits whose new characters come from <paramref name="alphabet"/>.</summary>
    public static Gen<string> Near(string[] originals, string alphabet, int maxEdits) =>
        from original in Gen.Elements(originals)
        from count in Gen.Choose(0, maxEdits)
        from edits in Gen.ArrayOf(
            from kind in Gen.Choose(0, 2)
            from position in Gen.Choose(0, originals.Max(o => o.Length))
            from c in Gen.Elements(alphabet.ToCharArray())
            select (kind, position, c), count)
        select edits.Aggregate(original, (text, e) => Apply(text, e.kind, Math.Min(e.position, text.Length), e.c));

    private static string Apply(string text, int kind, int position, char c) => kind switch
    {
        0 when position < text.Length => text.Remove(position, 1).Insert(position, c.ToString()),
        1 => text.Insert(position, c.ToString()),
        2 when position < text.Length => text.Remove(position, 1),
        _ => text,
    };
}
