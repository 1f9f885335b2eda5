using System.Runtime.Versioning;
using System.Text;

namespace Xcally.Licensing.Installation.Sources;

/// <summary>
/// Read access to the files a token is computed from, below a root folder: "/" on a server, a
/// fixture tree in tests, or a tree collected by <c>token collect</c>.
/// <para>
/// A file is used only if every user may read it. Files such as the firmware UUID are readable by
/// root alone on most distributions; if root used them and others could not, the same server would
/// have two tokens depending on the account Motion runs under. Granting read access (see
/// docs/installation-token.md) makes such a source count for everyone.
/// </para>
/// Every file read and every entry looked at is remembered, so exactly those can be collected.
/// </summary>
[SupportedOSPlatform("linux")]
internal class SystemTree
{
    private const int MaxFileBytes = 4 * 1024 * 1024;

    private readonly Dictionary<string, string> _filesRead = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _entriesSeen = new(StringComparer.Ordinal);

    public SystemTree(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>The files read, by path relative to the root, with the text read.</summary>
    public IReadOnlyDictionary<string, string> FilesRead => _filesRead;

    /// <summary>Entries whose existence was tested or whose children were listed (true for directories).</summary>
    public IReadOnlyDictionary<string, bool> EntriesSeen => _entriesSeen;

    /// <summary>Files that exist but that not every user may read; each is named in the explanation.</summary>
    public List<string> RestrictedFiles { get; } = [];

    /// <summary>The file's text, or null when it is missing, unreadable, or not readable by every user.</summary>
    public string? ReadText(string relativePath)
    {
        var fullPath = FullPath(relativePath);
        try
        {
            if (!File.Exists(fullPath))
            {
                return null;
            }

            if ((ModeOf(fullPath) & UnixFileMode.OtherRead) == 0)
            {
                RestrictedFiles.Add(relativePath);
                return null;
            }

            using var stream = Open(fullPath);
            using var reader = new StreamReader(new LimitedStream(stream, MaxFileBytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
            var text = reader.ReadToEnd();
            _filesRead[relativePath] = text;
            return text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RestrictedFiles.Add(relativePath);
            return null;
        }
    }

    /// <summary>The first line of the file, trimmed of whitespace and NULs; null when missing, unreadable or empty.</summary>
    public string? ReadLine(string relativePath)
    {
        var text = ReadText(relativePath);
        if (text is null)
        {
            return null;
        }

        var end = text.IndexOf('\n', StringComparison.Ordinal);
        var line = (end < 0 ? text : text[..end]).Trim().Trim('\0').Trim();
        return line.Length == 0 ? null : line;
    }

    public bool Exists(string relativePath)
    {
        var fullPath = FullPath(relativePath);
        var isDirectory = Directory.Exists(fullPath);
        var exists = isDirectory || File.Exists(fullPath);
        if (exists)
        {
            _entriesSeen.TryAdd(relativePath, isDirectory);
        }

        return exists;
    }

    /// <summary>The names in a folder, in ordinal order; empty when it is missing or unreadable.</summary>
    public IReadOnlyList<string> List(string relativePath)
    {
        var fullPath = FullPath(relativePath);
        try
        {
            if (!Directory.Exists(fullPath))
            {
                return [];
            }

            var names = Directory.EnumerateFileSystemEntries(fullPath).Select(Path.GetFileName).OfType<string>().ToList();
            names.Sort(StringComparer.Ordinal);
            _entriesSeen[relativePath] = true;
            return names;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    protected virtual Stream Open(string fullPath) => new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.None);

    protected virtual UnixFileMode ModeOf(string fullPath) => File.GetUnixFileMode(fullPath);

    private string FullPath(string relativePath) => Path.Join(Root, relativePath);

    // sysfs reports 4096 bytes for every attribute and /proc reports 0, so a length is never trusted.
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, (int)Math.Min(count, limit - _read));
            _read += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
