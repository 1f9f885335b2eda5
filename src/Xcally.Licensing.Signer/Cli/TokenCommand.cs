using System.CommandLine;
using System.Text.Json;
using Xcally.Licensing.Installation;
using Xcally.Licensing.Signer.Output;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>
/// <c>xcally-license token show|diff|check|collect</c>: the installation token of a server, what
/// changed between two tokens, whether a typed token is intact, and the files it is computed from.
/// </summary>
internal static class TokenCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("token", "Installation tokens: show this server's, compare two, check one, collect the files it is made from.");
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Diff());
        command.Subcommands.Add(Check());
        command.Subcommands.Add(Collect());
        _ = context;
        return command;
    }

    private static Option<string> RootOption() => new("--root")
    {
        Description = "Compute the token of the tree in this folder (a copy made by 'token collect') instead of this server's.",
        DefaultValueFactory = _ => "/",
    };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print the result as JSON." };

    private static Command Show()
    {
        var root = RootOption();
        var explain = new Option<bool>("--explain") { Description = "Also say what each part of the token is made of, or why it is missing." };
        var json = JsonOption();
        var command = new Command("show", "Print the installation token of this server (or of the tree given with --root).");
        command.Options.Add(root);
        command.Options.Add(explain);
        command.Options.Add(json);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var reading = InstallationTokenReader.Read(new InstallationTokenOptions { RootDirectory = parseResult.GetRequiredValue(root) });
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(output, w => WriteReading(w, reading));
                return reading.IsComputed ? ExitCodes.Success : ExitCodes.TokenUnavailable;
            }

            if (!reading.IsComputed)
            {
                if (parseResult.GetValue(explain))
                {
                    output.Write(reading.Explain());
                }

                throw new UserError(ExitCodes.TokenUnavailable, reading.Problem);
            }

            output.WriteLine(parseResult.GetValue(explain) ? reading.Explain().TrimEnd('\n') : reading.Token.ToString());
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Diff()
    {
        var old = new Argument<string>("old") { Description = "The earlier token (the one the license was issued for)." };
        var current = new Argument<string>("new") { Description = "The server's current token." };
        var json = JsonOption();
        var command = new Command("diff", "Say which components changed between two tokens, and whether it looks like the same server changed or a different server.");
        command.Arguments.Add(old);
        command.Arguments.Add(current);
        command.Options.Add(json);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var comparison = InstallationToken.Compare(ParseToken(parseResult.GetRequiredValue(old), "old"), ParseToken(parseResult.GetRequiredValue(current), "new"));
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(output, w => WriteComparison(w, comparison));
            }
            else
            {
                output.WriteLine(comparison.ToString());
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Check()
    {
        var token = new Argument<string>("token") { Description = "The token as typed or pasted (case, spaces, dashes and I/L/O look-alikes are forgiven)." };
        var json = JsonOption();
        var command = new Command("check", "Check a typed token's check characters; a mistake is reported with the group it is in.");
        command.Arguments.Add(token);
        command.Options.Add(json);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var check = InstallationToken.Check(parseResult.GetRequiredValue(token));
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(output, w =>
                {
                    w.WriteBoolean("valid", check.IsValid);
                    if (check.IsValid)
                    {
                        w.WriteString("token", check.Token.ToString());
                        WriteHeader(w, check.Token);
                    }
                    else
                    {
                        w.WriteString("problem", check.Problem);
                        if (check.BadGroup is { } group)
                        {
                            w.WriteNumber("badGroup", group);
                        }
                    }
                });
                return check.IsValid ? ExitCodes.Success : ExitCodes.InvalidToken;
            }

            if (!check.IsValid)
            {
                throw new UserError(ExitCodes.InvalidToken, check.Problem);
            }

            output.WriteLine($"valid: {check.Token}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Collect()
    {
        var root = RootOption();
        var outDir = new Option<string>("--out") { Description = "A new folder to copy the files into.", Required = true };
        var json = JsonOption();
        var command = new Command("collect", "Copy exactly the files the token is computed from into a new folder, for support ('token show --root' reads it). The copy holds raw values the token hides: send it to support only.");
        command.Options.Add(outDir);
        command.Options.Add(root);
        command.Options.Add(json);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new UserError(ExitCodes.TokenUnavailable, "tokens are computed on Linux only.");
            }

            var destination = parseResult.GetRequiredValue(outDir);
            InstallationTokenReading reading;
            try
            {
                reading = TokenSourceCollector.Collect(new InstallationTokenOptions { RootDirectory = parseResult.GetRequiredValue(root) }, destination);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserError(ExitCodes.OutputFailed, $"cannot collect into {destination}: {e.Message}");
            }

            var files = Directory.EnumerateFiles(destination, "*", SearchOption.AllDirectories).Count();
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(output, w =>
                {
                    w.WriteString("folder", Path.GetFullPath(destination));
                    w.WriteNumber("files", files);
                    WriteReading(w, reading);
                });
                return ExitCodes.Success;
            }

            output.WriteLine($"collected {files} files into {destination}");
            output.WriteLine($"token    {reading}");
            output.WriteLine("The folder holds the server's raw identifiers (machine-id, serials, addresses). Send it to XCALLY support only.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static InstallationToken ParseToken(string text, string which)
    {
        var check = InstallationToken.Check(text);
        return check.Token ?? throw new UserError(ExitCodes.InvalidToken, $"the {which} token is not valid: {check.Problem}");
    }

    private static void WriteReading(Utf8JsonWriter w, InstallationTokenReading reading)
    {
        w.WriteString("status", reading.Status.ToString());
        if (reading.Token is { } token)
        {
            w.WriteString("token", token.ToString());
        }
        else
        {
            w.WriteString("problem", reading.Problem);
        }

        w.WriteString("environment", reading.Environment.ToString());
        w.WriteString("environmentExplanation", reading.EnvironmentExplanation);
        if (reading.KeySource is { } keySource)
        {
            w.WriteString("keySource", keySource.ToString());
        }

        w.WriteStartArray("components");
        foreach (var component in reading.Components)
        {
            w.WriteStartObject();
            w.WriteString("component", component.Component.ToString());
            w.WriteString("availability", component.Availability.ToString());
            w.WriteString("explanation", component.Explanation);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteHeader(Utf8JsonWriter w, InstallationToken token)
    {
        w.WriteNumber("version", token.Version);
        w.WriteString("keySource", token.KeySource.ToString());
        w.WriteString("environment", token.Environment.ToString());
        w.WriteString("platformTier", token.PlatformTier.ToString());
    }

    private static void WriteComparison(Utf8JsonWriter w, TokenComparison comparison)
    {
        w.WriteString("old", comparison.Licensed.ToString());
        w.WriteString("new", comparison.Current.ToString());
        w.WriteString("verdict", comparison.Verdict.ToString());
        w.WriteString("reason", comparison.Reason);
        w.WriteNumber("unchangedWeight", comparison.UnchangedWeight);
        w.WriteNumber("comparableWeight", comparison.ComparableWeight);
        w.WriteStartArray("components");
        foreach (var component in comparison.Components)
        {
            w.WriteStartObject();
            w.WriteString("component", component.Component.ToString());
            w.WriteString("change", component.Change.ToString());
            if (component.Detail is not null)
            {
                w.WriteString("detail", component.Detail);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
