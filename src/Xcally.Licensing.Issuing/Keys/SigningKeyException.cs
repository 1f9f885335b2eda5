namespace Xcally.Licensing.Issuing.Keys;

/// <summary>A signing key failed: its signature does not verify, or the HSM holding it refused or is unreachable.</summary>
internal class SigningKeyException : Exception
{
    public SigningKeyException(string message)
        : base(message)
    {
    }

    public SigningKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
