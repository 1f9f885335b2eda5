using System.Security.Cryptography;
using System.Text;
using Xcally.Licensing.Signer.Cli;

namespace Xcally.Licensing.Signer.IO;

/// <summary>
/// Writes a file so that a crash at any point leaves either the old file or the complete new one: the
/// content goes to a temporary file in the same folder, is flushed to disk, then renamed into place.
/// </summary>
internal static class AtomicFile
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode WorldReadable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <exception cref="UserError">The file exists and <paramref name="overwrite"/> is false, or it cannot be written.</exception>
    public static void Write(string path, string content, UnixFileMode mode, bool overwrite)
    {
        var fullPath = Path.GetFullPath(path);
        if (!overwrite && File.Exists(fullPath))
        {
            throw new UserError(ExitCodes.OutputFailed, $"'{fullPath}' already exists and is never overwritten.");
        }

        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temporary = TemporaryName(fullPath);
        var options = NewFile(mode);

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                using var writer = new StreamWriter(stream, leaveOpen: true);
                writer.Write(content);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite);
        }
        catch (IOException) when (!overwrite && File.Exists(fullPath))
        {
            TryDelete(temporary);
            throw new UserError(ExitCodes.OutputFailed, $"'{fullPath}' already exists and is never overwritten.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new UserError(ExitCodes.OutputFailed, $"cannot write '{fullPath}': {e.Message}");
        }
    }

    /// <summary>
    /// Writes many new files (never overwriting one): all to temporary files, one sync of the file system,
    /// then each renamed into place. Returns, for each file, <see langword="null"/> or why it was not written.
    /// </summary>
    public static string?[] WriteAll(IReadOnlyList<(string Path, string Content)> files, UnixFileMode mode)
    {
        var problems = new string?[files.Count];
        var temporaries = new string?[files.Count];
        var fullPaths = files.Select(f => Path.GetFullPath(f.Path)).ToArray();

        // Unbuffered: each file is one write of its UTF-8 bytes (no BOM, as a StreamWriter wrote them).
        var options = NewFile(mode);
        options.BufferSize = 0;
        string? created = null;
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                var fullPath = fullPaths[i];
                if (File.Exists(fullPath))
                {
                    problems[i] = $"'{fullPath}' already exists and is never overwritten.";
                    continue;
                }

                try
                {
                    // A batch's files share a folder: it is created once, not once per file.
                    var directory = Path.GetDirectoryName(fullPath)!;
                    if (directory != created)
                    {
                        Directory.CreateDirectory(directory);
                        created = directory;
                    }

                    var temporary = TemporaryName(fullPath);
                    using (var stream = new FileStream(temporary, options))
                    {
                        stream.Write(Encoding.UTF8.GetBytes(files[i].Content));
                    }

                    temporaries[i] = temporary;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    problems[i] = $"cannot write '{fullPath}': {e.Message}";
                }
            }

            var written = temporaries.OfType<string>().ToList();
            if (written.Count > 0)
            {
                FileSystemSync.Flush(written[0], written);
            }

            for (var i = 0; i < files.Count; i++)
            {
                if (temporaries[i] is not { } temporary)
                {
                    continue;
                }

                var fullPath = fullPaths[i];
                try
                {
                    File.Move(temporary, fullPath, overwrite: false);
                    temporaries[i] = null;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    problems[i] = File.Exists(fullPath) ? $"'{fullPath}' already exists and is never overwritten." : $"cannot write '{fullPath}': {e.Message}";
                }
            }

            // The renames themselves are made durable the same way.
            var placed = fullPaths.Where((_, i) => problems[i] is null).ToList();
            if (placed.Count > 0)
            {
                FileSystemSync.Flush(placed[0], placed);
            }
        }
        finally
        {
            foreach (var temporary in temporaries)
            {
                if (temporary is not null)
                {
                    TryDelete(temporary);
                }
            }
        }

        return problems;
    }

    private static string TemporaryName(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Convert.ToHexString(RandomNumberGenerator.GetBytes(6))}.tmp");

    private static FileStreamOptions NewFile(UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        return options;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The temporary file is hidden and named as such; leaving it behind loses nothing.
        }
    }
}
