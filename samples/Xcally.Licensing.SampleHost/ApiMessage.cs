using System.Text.Json.Serialization;

namespace Xcally.Licensing.SampleHost;

/// <summary>An answer the page shows as it is: what went wrong, said for the administrator.</summary>
internal sealed record ApiMessage(string Message, LicenseStatus? Status = null);

/// <summary>This host's token answer.</summary>
internal sealed record TokenAnswer(string? Token, string Status, string? Explanation);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiMessage))]
[JsonSerializable(typeof(TokenAnswer))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
