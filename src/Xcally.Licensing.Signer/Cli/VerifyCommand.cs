using System.CommandLine;
using Xcally.Licensing.Document;
using Xcally.Licensing.Issuing;
using Xcally.Licensing.Signer.Output;

namespace Xcally.Licensing.Signer.Cli;

/// <summary><c>xcally-license verify FILE --public-key KEY</c>: is this license genuine, for this token, and in force?</summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The license file, or - for standard input." };
        var token = new Option<string>("--token") { Description = "Also require the license to be bound to this installation token." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var trust = new TrustOptions(required: true);

        var command = new Command("verify", "Verify a license: exit code 0 only when it is genuine, for the token given, and in force now (or at --at). Each failure class has its own exit code (docs/signer.md).");
        command.Arguments.Add(file);
        trust.AddTo(command);
        command.Options.Add(token);
        command.Options.Add(json);

        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var instant = trust.ReadInstant(parseResult, context);
            var trustedKeys = trust.Read(parseResult, error)!;
            var bytes = InputFile.Read(parseResult.GetRequiredValue(file), context);
            var expectedToken = parseResult.GetValue(token);

            // A token typed by a person is compared in its canonical form (case, spaces, look-alikes forgiven).
            expectedToken = InstallationToken.Check(expectedToken).Token?.ToString() ?? expectedToken;
            var result = new LicenseVerifier(trustedKeys, instant.Clock).Verify(bytes, expectedToken);
            var exitCode = ExitCodes.For(result.Status);

            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(output, w => WriteResult(w, result, exitCode, instant));
            }
            else if (result.IsValid)
            {
                output.WriteLine($"VALID{instant.AsOf}  {SpoofingCharacters.Escape(result.Reason)}");
                output.Write(LicenseText.Describe(result.License));
            }
            else
            {
                error.WriteLine($"{Label(result.Status)}{instant.AsOf}  {SpoofingCharacters.Escape(result.Reason)}");
            }

            return exitCode;
        }));
        return command;
    }

    /// <summary>The result for scripts, with the instant it was decided at (<c>--at</c>, or the moment the command ran).</summary>
    internal static void WriteResult(System.Text.Json.Utf8JsonWriter w, LicenseVerificationResult result, int exitCode, VerificationInstant verifiedAt)
    {
        w.WriteBoolean("valid", result.IsValid);
        w.WriteString("status", Label(result.Status));
        w.WriteNumber("exitCode", exitCode);
        w.WriteString("reason", result.Reason);
        w.WriteString("verifiedAt", verifiedAt.Timestamp);
        if (result.KeyId is { } keyId)
        {
            w.WriteString("keyId", keyId.ToString());
        }

        if (result.License is { } license)
        {
            w.WriteString("payloadSha256", result.PayloadSha256);
            w.WriteNumber("serial", license.Serial);
            w.WriteString("kind", WireNames.Kinds.NameOf(license.Kind));
            w.WriteString("token", license.Token);
            w.WriteString("customer", license.Customer.Name);
            if (license.ExpiresAt is { } expiresAt)
            {
                w.WriteString("expiresAt", LicensePayloadWriter.FormatTimestamp(expiresAt));
            }
        }
    }

    /// <summary>The status as scripts and people read it: kebab-case, stable.</summary>
    internal static string Label(LicenseVerificationStatus status) => status switch
    {
        LicenseVerificationStatus.Valid => "valid",
        LicenseVerificationStatus.TooLarge => "too-large",
        LicenseVerificationStatus.InvalidEncoding => "invalid-encoding",
        LicenseVerificationStatus.NotFound => "not-found",
        LicenseVerificationStatus.Truncated => "truncated",
        LicenseVerificationStatus.MultipleLicenses => "multiple-licenses",
        LicenseVerificationStatus.Damaged => "damaged",
        LicenseVerificationStatus.UnsupportedVersion => "unsupported-version",
        LicenseVerificationStatus.UnknownKey => "unknown-key",
        LicenseVerificationStatus.DevelopmentKeyNotAllowed => "development-key-not-allowed",
        LicenseVerificationStatus.BadSignature => "bad-signature",
        LicenseVerificationStatus.Malformed => "malformed",
        LicenseVerificationStatus.TokenMismatch => "token-mismatch",
        LicenseVerificationStatus.NotYetValid => "not-yet-valid",
        LicenseVerificationStatus.Expired => "expired",
        _ => status.ToString(),
    };
}
