using Xcally.Licensing;
using Xcally.Licensing.ColdStart;

// coldstart STATE_DIRECTORY [--install LICENSE_FILE]
//
// Without --install: Motion's startup path. The state folder's license is read and verified, this
// server's token computed and compared, and the state printed. With --install: puts a license into the
// state folder first (the timing script's setup, not timed).
//
// It trusts only the public example key of keys.example (a benchmark, never a product).
if (args.Length is not (1 or 3) || (args.Length == 3 && args[1] != "--install"))
{
    Console.Error.WriteLine("usage: coldstart STATE_DIRECTORY [--install LICENSE_FILE]");
    return 2;
}

var trusted = new TrustedKeys([LicensePublicKey.ImportPem(ExampleKey.PublicPem)], allowDevelopmentKeys: true);
var service = new LicensingService(
    new LicensingOptions { StateDirectory = args[0] },
    new LicensingHostSettings { TrustedKeys = trusted });

if (args.Length == 3)
{
    var result = service.Install(File.ReadAllText(args[2]));
    Console.WriteLine(result.Message);
    return result.Accepted ? 0 : 1;
}

Console.WriteLine($"{service.State}: {service.Status.Reason}");
return service.State == LicenseState.Active ? 0 : 1;
