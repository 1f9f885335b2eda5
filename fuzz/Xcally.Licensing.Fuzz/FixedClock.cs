namespace Xcally.Licensing.Fuzz;

/// <summary>A clock stopped at one instant, so that the same input always verifies to the same status.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
