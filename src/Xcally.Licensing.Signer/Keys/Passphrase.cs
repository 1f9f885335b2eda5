using System.Buffers;
using System.Security.Cryptography;
using Xcally.Licensing.Signer.Cli;

namespace Xcally.Licensing.Signer.Keys;

/// <summary>
/// A key passphrase read from a file, an environment variable or standard input, never from the command
/// line (where every user of the machine can read it in the process list). Wiped on dispose.
/// </summary>
internal sealed class Passphrase : IDisposable
{
    private readonly char[] _buffer;
    private readonly int _length;

    private Passphrase(char[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public static Passphrase None { get; } = new([], 0);

    public ReadOnlySpan<char> Chars => _buffer.AsSpan(0, _length);

    public bool IsEmpty => _length == 0;

    /// <summary>Reads the passphrase from the one source given, or returns <see cref="None"/>.</summary>
    /// <exception cref="UserError">More than one source, or the source is missing or empty.</exception>
    public static Passphrase Read(FileInfo? file, string? environmentVariable, bool standardInput, CliContext context)
    {
        var sources = (file is null ? 0 : 1) + (environmentVariable is null ? 0 : 1) + (standardInput ? 1 : 0);
        if (sources > 1)
        {
            throw new UserError(ExitCodes.Usage, "give the passphrase one way only: --passphrase-file, --passphrase-env or --passphrase-stdin.");
        }

        string? text;
        string where;
        if (file is not null)
        {
            where = $"the passphrase file '{file.FullName}'";
            try
            {
                text = File.ReadAllText(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserError(ExitCodes.KeyProblem, $"cannot read {where}: {e.Message}");
            }
        }
        else if (environmentVariable is not null)
        {
            where = $"the environment variable {environmentVariable}";
            text = context.GetEnvironmentVariable(environmentVariable);
            if (text is null)
            {
                throw new UserError(ExitCodes.KeyProblem, $"{where} is not set.");
            }
        }
        else if (standardInput)
        {
            where = "standard input";
            text = context.StandardInput.ReadLine() ?? string.Empty;
        }
        else
        {
            return None;
        }

        // A passphrase file ends with a newline as written by editors and `echo`; it is not part of the passphrase.
        var length = text.Length;
        if (length > 0 && text[length - 1] == '\n')
        {
            length--;
        }

        if (length > 0 && text[length - 1] == '\r')
        {
            length--;
        }

        if (length == 0)
        {
            throw new UserError(ExitCodes.KeyProblem, $"the passphrase from {where} is empty.");
        }

        var buffer = ArrayPool<char>.Shared.Rent(length);
        text.AsSpan(0, length).CopyTo(buffer);
        return new Passphrase(buffer, length);
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_buffer.AsSpan()));
            ArrayPool<char>.Shared.Return(_buffer);
        }
    }
}
