using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xcally.Licensing.Delivery;
using Xcally.Licensing.Issuing.Ledger;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>
/// <c>serve</c>: the delivery server over the ledger (docs/license-delivery.md), until stopped. It reads
/// the ledger and records fetches; it needs no key and never signs.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var ledger = IssuingOptions.LedgerOption();
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, for example http://0.0.0.0:8080 or https://0.0.0.0:8443 (certificates: Kestrel's standard settings); default: the urls setting, else http://localhost:5000.",
        };
        var command = new Command("serve", "Serve each token's newest license from the ledger to Motion servers (GET /v1/licenses/{token}) until stopped (Ctrl+C or SIGTERM).");
        command.Options.Add(ledger);
        command.Options.Add(urls);
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(CommandRunner.Run(parseResult, (output, error) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parseResult.GetValue(urls) is { } listen)
            {
                overrides["urls"] = listen;
            }

            var configuration = SignerSettings.Configuration(context, overrides);
            var options = SignerSettings.Bind<DeliveryOptions>(configuration, DeliveryOptions.SectionName);
            options.LedgerPath = IssuingOptions.Settings(parseResult, context, ledger).LedgerPath;
            if (options.Check() is { Count: > 0 } problems)
            {
                throw new UserError(ExitCodes.Usage, string.Join(" ", problems));
            }

            using var app = DeliveryServer.Build(configuration, options);
            try
            {
                app.StartAsync(cancellationToken).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                // Kestrel's own words name the problem (address in use, certificate not found).
                throw new UserError(ExitCodes.Usage, $"the delivery server could not start: {e.Message}");
            }

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            output.WriteLine($"serving licenses from {LedgerLocation.Parse(options.LedgerPath).Display} on {string.Join(", ", addresses)}");
            output.Flush();
            app.WaitForShutdownAsync(cancellationToken).GetAwaiter().GetResult();
            app.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            output.WriteLine("stopped");
            return ExitCodes.Success;
        })));
        return command;
    }
}
