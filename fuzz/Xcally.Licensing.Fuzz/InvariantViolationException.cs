namespace Xcally.Licensing.Fuzz;

/// <summary>
/// Thrown by a harness when the code under test did something correct code never does (a Valid result
/// without a document, an undefined status, a reader that disagrees with the format's text). It escapes
/// the harness like any other exception, so AFL records the input as a crash.
/// </summary>
internal sealed class InvariantViolationException : Exception
{
    public InvariantViolationException()
    {
    }

    public InvariantViolationException(string message)
        : base(message)
    {
    }

    public InvariantViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
