using Microsoft.AspNetCore.Http;

namespace Xcally.Licensing.AspNetCore;

/// <summary>
/// The API's refusals as RFC 9457 problem details, each with a stable <c>code</c> a client can act on
/// (an install refusal's code is its <see cref="LicenseInstallOutcome"/>, in kebab case).
/// </summary>
internal static class LicensingProblem
{
    public const string Empty = "empty";
    public const string TooLarge = "too-large";
    public const string NotText = "not-text";
    public const string MalformedForm = "malformed-form";
    public const string JsonRequired = "json-required";
    public const string TokenUnavailable = "token-unavailable";
    public const string UpdateNotConfigured = "update-not-configured";

    public static IResult Of(int status, string code, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });

    public static string CodeOf(LicenseInstallOutcome outcome) => outcome switch
    {
        LicenseInstallOutcome.Installed => "installed",
        LicenseInstallOutcome.AlreadyInstalled => "already-installed",
        LicenseInstallOutcome.NotGenuine => "not-genuine",
        LicenseInstallOutcome.WrongToken => "wrong-token",
        LicenseInstallOutcome.NotYetValid => "not-yet-valid",
        LicenseInstallOutcome.Expired => "expired",
        LicenseInstallOutcome.Older => "older",
        LicenseInstallOutcome.StorageFailed => "storage-failed",
        _ => outcome.ToString(),
    };
}
