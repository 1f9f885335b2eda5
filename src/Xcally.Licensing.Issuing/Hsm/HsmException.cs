using Xcally.Licensing.Issuing.Keys;

namespace Xcally.Licensing.Issuing.Hsm;

/// <summary>An HSM key cannot be opened, created or used; <see cref="Problem"/> says which class of problem, the message says what to fix.</summary>
internal sealed class HsmException : SigningKeyException
{
    public HsmException(HsmProblem problem, string message)
        : base(message) => Problem = problem;

    public HsmException(HsmProblem problem, string message, Exception innerException)
        : base(message, innerException) => Problem = problem;

    public HsmProblem Problem { get; }
}
