using Microsoft.Extensions.Configuration;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>
/// Where the tool finds its key, ledger, catalog and output folder: the <c>Signer</c> section of
/// appsettings.json next to the tool, then xcally-license.json in the current folder, then
/// environment variables (<c>XCALLY_LICENSE_Signer__LedgerPath</c>), then command-line options
/// (<c>--key</c>, <c>--ledger</c>, <c>--catalog</c>, <c>--out-dir</c>), each overriding the one before.
/// Unknown settings are errors. Never a key itself: only the path to its file.
/// </summary>
internal sealed class SignerSettings
{
    public const string SectionName = "Signer";

    public string? KeyPath { get; set; }

    public string LedgerPath { get; set; } = DefaultLedgerPath();

    public string CatalogPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "catalog", "plans.json");

    public string? OutputFolder { get; set; }

    public string Operator { get; set; } = Environment.UserName;

    public static SignerSettings Load(CliContext context)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "xcally-license.json"), optional: true)
            .AddEnvironmentVariables("XCALLY_LICENSE_")
            .AddInMemoryCollection(context.Settings);
        var settings = new SignerSettings();
        try
        {
            builder.Build().GetSection(SectionName).Bind(settings, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException or FormatException or IOException)
        {
            throw new UserError(ExitCodes.Usage, $"the tool's settings are invalid: {e.Message}");
        }

        return settings;
    }

    /// <summary>$XDG_DATA_HOME/xcally-license/ledger.db, else ~/.local/share/xcally-license/ledger.db (LocalApplicationData on Windows).</summary>
    private static string DefaultLedgerPath()
    {
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var root = string.IsNullOrEmpty(dataHome) ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify) : dataHome;
        return Path.Combine(root, "xcally-license", "ledger.db");
    }
}
