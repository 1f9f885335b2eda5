using System.CommandLine;
using System.Text;
using Xcally.Licensing.Format;
using Xcally.Licensing.Issuing;
using Xcally.Licensing.Signer.Output;

namespace Xcally.Licensing.Signer.Cli;

/// <summary><c>xcally-license inspect FILE</c>: every field of a license, marked unverified unless a public key verifies it.</summary>
internal static class InspectCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The license file, or - for standard input." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON, with the payload exactly as signed." };
        var trust = new TrustOptions(required: false);

        var command = new Command("inspect", "Show every field of a license. Without --public-key nothing is verified, and the output says so.");
        command.Arguments.Add(file);
        trust.AddTo(command);
        command.Options.Add(json);

        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var instant = trust.ReadInstant(parseResult, context);
            var trustedKeys = trust.Read(parseResult, error);
            if (trustedKeys is null && instant.Given)
            {
                error.WriteLine("warning: --at changes nothing without --public-key: nothing is verified.");
            }

            var bytes = InputFile.Read(parseResult.GetRequiredValue(file), context);
            var result = trustedKeys is null ? null : new LicenseVerifier(trustedKeys, instant.Clock).Verify(bytes);

            string text;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new UserError(ExitCodes.For(LicenseVerificationStatus.InvalidEncoding), "the file is not UTF-8 text.");
            }

            var unverified = UnverifiedLicense.Read(text);
            var verified = result is { IsGenuine: true };
            var exitCode = result is null ? ExitCodes.Success : ExitCodes.For(result.Status);

            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(output, w =>
                {
                    w.WriteBoolean("verified", verified);
                    if (result is not null)
                    {
                        w.WriteStartObject("verification");
                        VerifyCommand.WriteResult(w, result, exitCode, instant);
                        w.WriteEndObject();
                    }

                    if (unverified.Problem is not null)
                    {
                        w.WriteString("problem", unverified.Problem);
                        return;
                    }

                    w.WriteNumber("formatVersion", unverified.Version);
                    w.WriteString("keyId", unverified.KeyId.ToString());
                    if (unverified.PayloadProblem is not null)
                    {
                        w.WriteString("payloadProblem", unverified.PayloadProblem);
                    }

                    LicenseText.WritePayload(w, unverified.Payload);
                });
            }
            else
            {
                output.WriteLine(result switch
                {
                    null => "UNVERIFIED: no --public-key given; nothing below is checked.",
                    { IsGenuine: true } => $"VERIFIED ({VerifyCommand.Label(result.Status)}{instant.AsOf}): {SpoofingCharacters.Escape(result.Reason)}",
                    _ => $"NOT VERIFIED ({VerifyCommand.Label(result.Status)}{instant.AsOf}): {SpoofingCharacters.Escape(result.Reason)} Nothing below can be trusted.",
                });

                if (unverified.Problem is not null)
                {
                    error.WriteLine($"error: the license cannot be read: {SpoofingCharacters.Escape(unverified.Problem)}");
                    return result is null ? ExitCodes.InputUnreadable : exitCode;
                }

                output.WriteLine($"  {"Format version",-17} {unverified.Version}");
                output.WriteLine($"  {"Key id",-17} {unverified.KeyId}");
                if (unverified.License is { } license)
                {
                    output.Write(LicenseText.Describe(license));
                }
                else
                {
                    output.WriteLine($"  the payload breaks the format: {SpoofingCharacters.Escape(unverified.PayloadProblem)}");
                    output.WriteLine($"  payload: {SpoofingCharacters.Escape(Encoding.UTF8.GetString(unverified.Payload.Span))}");
                }
            }

            return unverified.Problem is not null && result is null ? ExitCodes.InputUnreadable : exitCode;
        }));
        return command;
    }
}
