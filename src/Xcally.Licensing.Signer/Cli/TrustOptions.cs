using System.CommandLine;
using System.Text.Json;
using Xcally.Licensing.Document;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>What a command verifies with: the public keys it trusts, whether the example key may be one of them, and the instant.</summary>
internal sealed class TrustOptions
{
    public TrustOptions(bool required) =>
        PublicKeys = new("--public-key")
        {
            Description = "A public key (PEM) to trust; repeat for several.",
            Required = required,
            AllowMultipleArgumentsPerToken = false,
        };

    public Option<FileInfo[]> PublicKeys { get; }

    public Option<bool> AllowDevelopmentKeys { get; } = new("--allow-development-keys")
    {
        Description = "Accept licenses signed with the public example key of keys.example, if it is among the --public-key keys (for development only).",
    };

    public Option<string> At { get; } = new("--at")
    {
        Description = "Verify as of this instant instead of now: an RFC 3339 timestamp with a UTC offset, such as 2027-01-01T00:00:00Z.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(PublicKeys);
        command.Options.Add(AllowDevelopmentKeys);
        command.Options.Add(At);
    }

    /// <summary>
    /// The keys given with <c>--public-key</c>, or <see langword="null"/> when none is. The example key is
    /// trusted only when it is one of them; <c>--allow-development-keys</c> lets it be used, it never adds it.
    /// </summary>
    public TrustedKeys? Read(ParseResult parseResult, TextWriter error)
    {
        var files = parseResult.GetValue(PublicKeys) ?? [];
        var allowDevelopmentKeys = parseResult.GetValue(AllowDevelopmentKeys);
        var keys = new List<LicensePublicKey>();
        foreach (var file in files)
        {
            string pem;
            try
            {
                pem = File.ReadAllText(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserError(ExitCodes.KeyProblem, $"cannot read the public key '{file.FullName}': {e.Message}");
            }

            if (!LicensePublicKey.TryImportPem(pem, out var key, out var problem))
            {
                throw new UserError(ExitCodes.KeyProblem, $"'{file.Name}' is not a usable public key: {problem}");
            }

            keys.Add(key);
        }

        if (allowDevelopmentKeys && !keys.Any(k => k.IsDevelopmentKey))
        {
            error.WriteLine($"warning: --allow-development-keys changes nothing: it allows the example key only when it is given with --public-key (keys.example/example.public.pem, key id {DevelopmentKeys.ExampleKeyId}), and none of the keys given is.");
        }

        return keys.Count == 0 ? null : new TrustedKeys(keys, allowDevelopmentKeys);
    }

    /// <summary>The instant to verify at: <c>--at</c>, else now. A value without a UTC offset, or not a timestamp at all, is a usage error.</summary>
    public VerificationInstant ReadInstant(ParseResult parseResult, CliContext context)
    {
        if (parseResult.GetValue(At) is not { } text)
        {
            return new(context.Time.GetUtcNow(), Given: false);
        }

        // The same rule as a request's validFrom: RFC 3339 with an offset, never local time.
        var problems = new List<string>();
        using var json = JsonDocument.Parse($"\"{JsonEncodedText.Encode(text)}\"");
        var at = new JsonValueReader(problems).Timestamp(json.RootElement, "--at");
        return problems.Count == 0
            ? new(at, Given: true)
            : throw new UserError(ExitCodes.Usage, $"--at '{text}' is not a timestamp: give an RFC 3339 timestamp with a UTC offset, such as 2027-01-01T00:00:00Z.");
    }
}
