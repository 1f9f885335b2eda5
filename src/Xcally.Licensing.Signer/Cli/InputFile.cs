using Xcally.Licensing.Format;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>Reads a license or request file, or standard input for "-", without reading more than any such file can be.</summary>
internal static class InputFile
{
    /// <summary>Reads at most <paramref name="limit"/> + 1 bytes, so an oversize input is seen as such without loading it all.</summary>
    public static byte[] Read(string path, CliContext context, int limit = LicenseArmor.MaxInputLength)
    {
        if (path == "-")
        {
            var text = context.StandardInput.ReadToEnd();
            return System.Text.Encoding.UTF8.GetBytes(text.Length > limit + 1 ? text[..(limit + 1)] : text);
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var buffer = new byte[limit + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            return buffer[..total];
        }
        catch (FileNotFoundException)
        {
            throw new UserError(ExitCodes.InputUnreadable, $"'{Path.GetFullPath(path)}' does not exist.");
        }
        catch (DirectoryNotFoundException)
        {
            throw new UserError(ExitCodes.InputUnreadable, $"'{Path.GetFullPath(path)}' does not exist.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError(ExitCodes.InputUnreadable, $"cannot read '{Path.GetFullPath(path)}': {e.Message}");
        }
    }
}
