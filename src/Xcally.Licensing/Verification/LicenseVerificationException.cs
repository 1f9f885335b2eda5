namespace Xcally.Licensing;

/// <summary>Thrown by <see cref="LicenseVerificationResult.EnsureValid"/> for a license that is not valid.</summary>
public sealed class LicenseVerificationException : Exception
{
    /// <summary>Creates the exception for a failed verification.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    public LicenseVerificationException(LicenseVerificationResult result)
        : base((result ?? throw new ArgumentNullException(nameof(result))).Reason) => Result = result;

    /// <summary>The failed verification.</summary>
    public LicenseVerificationResult Result { get; }
}
