namespace Xcally.Licensing.Runtime;

/// <summary>
/// Replaces a file so that a crash at any point leaves either the old content or the new, whole: a
/// temporary file beside it, written and flushed to disk, then renamed over it.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>; <paramref name="beforeRename"/> runs between the flush and the rename (tests crash there).</summary>
    public static void Write(string path, byte[] content, Action? beforeRename = null)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            WriteFlushed(temporary, content);
            beforeRename?.Invoke();
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Creates <paramref name="path"/> (readable by its owner only) with <paramref name="content"/>, flushed to disk.</summary>
    public static void WriteFlushed(string path, byte[] content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }
}
