namespace Xcally.Licensing.Issuing;

/// <summary>A refused request: the stable code, and a message that says what is wrong and what to do.</summary>
internal sealed record Refusal(RefusalCode Code, string Message)
{
    /// <summary>The code and the message.</summary>
    public override string ToString() => $"{Code}: {Message}";
}
