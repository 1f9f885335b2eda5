using System.Diagnostics;
using System.Globalization;
using Xcally.Licensing.Issuing.Hsm;
using Xcally.Licensing.Issuing.Keys;

namespace Xcally.Licensing.Benchmarks;

/// <summary>
/// `hsm-sign-rate MODULE URI COUNT`, the PIN in XCALLY_LICENSE_PKCS11_PIN: licenses per second signed through a PKCS#11 key against
/// the key file, one thread, each license verified before it is returned (LicenseSigningKey.Issue), and
/// the HSM's raw CKM_EDDSA signatures alone. A one-off measurement, not a BenchmarkDotNet class: it needs
/// an initialized token with the key (docs/performance.md says how it was run), which CI's benchmark run does not have.
/// </summary>
internal static class HsmSigningRate
{
    public static int Run(string modulePath, string uri, string pin, int count)
    {
        var license = BenchmarkLicenses.For(BenchmarkLicenses.Token, DateTimeOffset.UtcNow);
        using var file = SigningKey.Generate();
        using var hsm = Pkcs11SigningKey.Open(modulePath, Pkcs11Uri.Parse(uri), System.Text.Encoding.UTF8.GetBytes(pin));
        var message = new byte[200];
        var signature = new byte[64];

        Report("key file, sign + armor, unverified (before issue 18)", count, () => Format.LicenseFileWriter.Write(license, file.Id, file.Sign));
        Report("key file, Issue (sign + verify + armor)", count, () => file.Issue(license));
        Report("HSM (SoftHSM2), Issue (sign + verify + armor)", count, () => hsm.Issue(license));
        Report("HSM (SoftHSM2), raw CKM_EDDSA sign only", count, () => hsm.Sign(message, signature));
        return 0;
    }

    private static void Report(string what, int count, Action action)
    {
        for (var i = 0; i < Math.Min(count, 200); i++)
        {
            action();
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            action();
        }

        watch.Stop();
        var perSecond = count / watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {count} in {watch.Elapsed.TotalSeconds:F2} s = {perSecond:F0}/s ({watch.Elapsed.TotalMicroseconds / count:F1} µs each)"));
    }
}
