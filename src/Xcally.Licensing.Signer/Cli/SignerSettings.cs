using Microsoft.Extensions.Configuration;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>
/// Where the tool finds its key, ledger, catalog and output folder: the <c>Signer</c> section of
/// appsettings.json next to the tool, then xcally-license.json in the current folder, then
/// environment variables (<c>XCALLY_LICENSE_Signer__LedgerPath</c>), then command-line options
/// (<c>--key</c>, <c>--ledger</c>, <c>--catalog</c>, <c>--out-dir</c>), each overriding the one before.
/// Unknown settings are errors. Never a key itself: only the path to its file, or the PKCS#11 URI of
/// an HSM key with the module to reach it and the file that holds its PIN (never the PIN).
/// </summary>
internal sealed class SignerSettings
{
    public const string SectionName = "Signer";

    /// <summary>A key file's path, or a <c>pkcs11:</c> URI naming a key in an HSM.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The HSM vendor's PKCS#11 module (a .so, .dll or .dylib), for <c>pkcs11:</c> keys.</summary>
    public string? Pkcs11Module { get; set; }

    /// <summary>A file (readable by its owner only) whose first line is the HSM user PIN.</summary>
    public string? Pkcs11PinFile { get; set; }

    public string LedgerPath { get; set; } = DefaultLedgerPath();

    public string CatalogPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "catalog", "plans.json");

    public string? OutputFolder { get; set; }

    public string Operator { get; set; } = Environment.UserName;

    public static SignerSettings Load(CliContext context) => Bind<SignerSettings>(Configuration(context), SectionName);

    /// <summary>The tool's configuration, every source in order (the delivery server reads its <c>Delivery</c> and <c>Kestrel</c> sections from it too).</summary>
    public static IConfiguration Configuration(CliContext context, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        try
        {
            return new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
                .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "xcally-license.json"), optional: true)
                .AddEnvironmentVariables("XCALLY_LICENSE_")
                .AddInMemoryCollection(context.Settings)
                .AddInMemoryCollection(overrides ?? [])
                .Build();
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException or FormatException or IOException)
        {
            throw new UserError(ExitCodes.Usage, $"the tool's settings are invalid: {e.Message}");
        }
    }

    /// <summary>Binds <paramref name="section"/> of <paramref name="configuration"/>; an unknown or malformed setting is a usage error.</summary>
    public static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var settings = new T();
        try
        {
            configuration.GetSection(section).Bind(settings, binder => binder.ErrorOnUnknownConfiguration = true);
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
