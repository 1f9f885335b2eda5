namespace Xcally.Licensing;

/// <summary>A pool went over its limit (the license shrank below what is in use), or came back within it.</summary>
public sealed class SeatLimitEventArgs(SeatUsage usage) : EventArgs
{
    /// <summary>The pool's usage at the moment of the change.</summary>
    public SeatUsage Usage { get; } = usage;

    /// <summary>Whether the pool is now over its limit.</summary>
    public bool OverLimit => Usage.OverLimitSince is not null;
}
