using System.Text;
using Xcally.Licensing.Issuing;

namespace Xcally.Licensing.Signer.Output;

/// <summary>
/// Standard output or standard error as every command writes to it: a spoofing character (a bidi
/// control, an escape sequence's U+001B, a line separator) reaches the terminal escaped, never raw,
/// whatever message or field carries it. Line ends (LF, CR LF) pass, since the tool's own lines end with them;
/// values that must stay on one line are escaped fully where they are formatted
/// (<see cref="SpoofingCharacters.Escape"/>).
/// </summary>
internal sealed class TerminalWriter(TextWriter inner) : TextWriter(inner.FormatProvider)
{
    public override Encoding Encoding => inner.Encoding;

    /// <summary>Returns to the start of the line, for a progress counter: the one control character the tool writes itself.</summary>
    public static void ReturnToLineStart(TextWriter writer) => (writer is TerminalWriter terminal ? terminal.Inner : writer).Write('\r');

    private TextWriter Inner => inner;

    public override void Write(char value)
    {
        Span<char> one = [value];
        Write((ReadOnlySpan<char>)one);
    }

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(ReadOnlySpan<char> buffer) => inner.Write(SpoofingCharacters.Escape(buffer, keepLineEnds: true));

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();
}
