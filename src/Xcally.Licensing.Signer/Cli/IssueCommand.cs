using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Xcally.Licensing.Document;
using Xcally.Licensing.Signer.IO;
using Xcally.Licensing.Signer.Keys;
using Xcally.Licensing.Signer.Output;
using Xcally.Licensing.Signer.Requests;

namespace Xcally.Licensing.Signer.Cli;

/// <summary><c>xcally-license issue REQUEST --key KEY</c>: sign the license a request asks for.</summary>
internal static class IssueCommand
{
    public const int MaxRequestSize = 256 * 1024;

    public static Command Create(CliContext context)
    {
        var request = new Argument<string>("request") { Description = "The request file (JSON; docs/signer.md), or - for standard input." };
        var key = new Option<FileInfo>("--key") { Description = "The private signing key (PEM).", Required = true };
        var token = new Option<string>("--token") { Description = "The installation token to bind the license to; replaces the request's token." };
        var outFile = new Option<FileInfo>("--out") { Description = "Write the license here (atomically) instead of to standard output." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var passphrase = new PassphraseOptions();

        var command = new Command("issue", "Issue a license from a request file, signed with the given key.");
        command.Arguments.Add(request);
        command.Options.Add(key);
        command.Options.Add(token);
        command.Options.Add(outFile);
        command.Options.Add(json);
        passphrase.AddTo(command);

        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var requestPath = parseResult.GetRequiredValue(request);
            var requestBytes = InputFile.Read(requestPath, context, MaxRequestSize);
            if (requestBytes.Length > MaxRequestSize)
            {
                throw new UserError(ExitCodes.InvalidRequest, $"'{requestPath}' is larger than {MaxRequestSize / 1024} KiB; that is not a license request.");
            }

            if (!LicenseRequest.TryParse(requestBytes, out var parsed, out var parseError))
            {
                throw new UserError(ExitCodes.InvalidRequest, $"'{requestPath}': {parseError}");
            }

            if (!parsed.TryCreateDocument(context.Time.GetUtcNow(), parseResult.GetValue(token), out var license, out var problems))
            {
                throw new UserError(ExitCodes.InvalidRequest, $"'{requestPath}' cannot be issued:\n  - " + string.Join("\n  - ", problems));
            }

            using var signingKey = PrivateKeyFile.Load(parseResult.GetRequiredValue(key), () => passphrase.Read(parseResult, context), error);
            var text = signingKey.Issue(license);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            var destination = parseResult.GetValue(outFile);
            if (destination is null)
            {
                output.Write(text);
                return ExitCodes.Success;
            }

            AtomicFile.Write(destination.FullName, text, AtomicFile.WorldReadable, overwrite: true);
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(output, w =>
                {
                    w.WriteString("file", destination.FullName);
                    w.WriteString("sha256", sha256);
                    w.WriteString("keyId", signingKey.Id.ToString());
                    w.WriteNumber("serial", license.Serial);
                    w.WriteNumber("lineage", license.Lineage);
                    w.WriteNumber("revision", license.Revision);
                    w.WriteString("kind", WireNames.Kinds.NameOf(license.Kind));
                    w.WriteString("token", license.Token);
                    w.WriteString("customer", license.Customer.Name);
                    w.WriteString("validFrom", LicensePayloadWriter.FormatTimestamp(license.ValidFrom));
                    if (license.ExpiresAt is { } expiresAt)
                    {
                        w.WriteString("expiresAt", LicensePayloadWriter.FormatTimestamp(expiresAt));
                    }
                });
            }
            else
            {
                output.WriteLine($"issued {WireNames.Kinds.NameOf(license.Kind)} license {license.Serial} (revision {license.Revision}) for {license.Customer.Name}");
                output.WriteLine($"  token    {license.Token}");
                output.WriteLine($"  valid    {LicensePayloadWriter.FormatTimestamp(license.ValidFrom)} to {(license.ExpiresAt is { } e ? LicensePayloadWriter.FormatTimestamp(e) : "no expiry")}");
                output.WriteLine($"  key      {signingKey.Id}");
                output.WriteLine($"  file     {destination.FullName}");
                output.WriteLine($"  sha256   {sha256}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
