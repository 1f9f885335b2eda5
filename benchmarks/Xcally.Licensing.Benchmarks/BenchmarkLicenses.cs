using Xcally.Licensing.Issuing.Keys;

namespace Xcally.Licensing.Benchmarks;

/// <summary>The license the benchmarks verify, serialize and sign: every entitlement, as a large customer has.</summary>
internal static class BenchmarkLicenses
{
    public static LicenseDocument For(string token, DateTimeOffset now) => new()
    {
        Serial = 100001,
        Lineage = 100001,
        Revision = 1,
        Kind = LicenseKind.Subscription,
        IssuedAt = now,
        ValidFrom = now,
        ExpiresAt = now.AddYears(1),
        Token = token,
        Customer = new Customer("Acme Contact Center", "it@acme.example"),
        Plan = "omnichannel",
        Billing = BillingFrequency.Annual,
        SupportPlan = SupportPlan.Platinum,
        Staff = new StaffCounts(1, 12, 25, 25, 4),
        Channels = EntitlementSet<Channel>.All,
        Modules = EntitlementSet<Module>.All,
        Sessions = new SessionLimits(30, 60),
        AddOns = EntitlementSet<AddOn>.All,
        Ai = EntitlementSet<AiFeature>.All,
        Plugins = EntitlementSet<Plugin>.All,
        SoftwareUpdate = true,
        AppZone = true,
    };

    /// <summary>A valid-looking v1 token, so that the signer accepts it.</summary>
    public const string Token = "47S3F-TM9BW-BDSY1-N58Q4-QNCBM-08NSY-000GK-3ZYP5-EG2HW";

    /// <summary>The repository root, found from wherever BenchmarkDotNet runs the generated project.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Xcally.Licensing.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the repository.");
    }

    /// <summary>A running service, in a fresh state folder, with a license for this machine's token installed.</summary>
    public static LicensingService InstalledService(out string stateDirectory)
    {
        stateDirectory = Directory.CreateTempSubdirectory("xcally-bench-").FullName;
        using var key = ExampleKey();
        var tokens = new ServerTokenSource();
        var token = tokens.Read().EnsureComputed().ToString();
        var service = new LicensingService(
            new LicensingOptions { StateDirectory = stateDirectory },
            new LicensingHostSettings { TrustedKeys = new TrustedKeys([key.PublicKey], allowDevelopmentKeys: true), TokenSource = tokens });
        var installed = service.Install(key.Issue(For(token, DateTimeOffset.UtcNow)));
        return service.State == LicenseState.Active
            ? service
            : throw new InvalidOperationException($"The benchmark license did not install: {installed.Message}");
    }

    public static SigningKey ExampleKey()
    {
        var pem = File.ReadAllText(Path.Combine(RepositoryRoot(), "keys.example", "example.private.pem"));
        return SigningKey.TryImportPem(pem, [], out var key, out var error)
            ? key
            : throw new InvalidOperationException(error);
    }
}
