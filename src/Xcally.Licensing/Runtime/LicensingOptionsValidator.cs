using Microsoft.Extensions.Options;

namespace Xcally.Licensing.Runtime;

/// <summary>Checks <see cref="LicensingOptions"/> when the host starts, so a bad setting stops it with a clear message.</summary>
internal sealed class LicensingOptionsValidator : IValidateOptions<LicensingOptions>
{
    public ValidateOptionsResult Validate(string? name, LicensingOptions options)
    {
        var problems = Check(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static List<string> Check(LicensingOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.StateDirectory))
        {
            problems.Add("Licensing:StateDirectory is required: the folder for the installed license, its state and the license log.");
        }

        if (options.RevalidationInterval < TimeSpan.FromMinutes(1) || options.RevalidationInterval > TimeSpan.FromDays(1))
        {
            problems.Add($"Licensing:RevalidationInterval must be between 00:01:00 and 1.00:00:00; it is {options.RevalidationInterval}.");
        }

        if (options.MaxLogBytes < 64 * 1024 || options.MaxLogBytes > 64L * 1024 * 1024)
        {
            problems.Add($"Licensing:MaxLogBytes must be between 65536 and 67108864; it is {options.MaxLogBytes}.");
        }

        var update = options.Update ?? new LicenseUpdateOptions();
        if (update.Endpoint is { } endpoint
            && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https") || endpoint.UserInfo.Length > 0 || endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0))
        {
            problems.Add($"Licensing:Update:Endpoint must be an absolute http or https address without user name, query or fragment (for example https://licensing.example/); it is '{endpoint.OriginalString}'.");
        }

        if (update.Interval < LicenseUpdateOptions.MinimumInterval || update.Interval > LicenseUpdateOptions.MaximumInterval)
        {
            problems.Add($"Licensing:Update:Interval must be between 00:05:00 and 7.00:00:00; it is {update.Interval}.");
        }

        return problems;
    }
}
