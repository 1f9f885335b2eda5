namespace Xcally.Licensing.Update;

/// <summary>When the automatic update checks next, kept apart from its HTTP.</summary>
internal static class UpdateSchedule
{
    /// <summary>After a failure the next check comes sooner than the interval, but not in a tight loop.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(30);

    /// <summary>The interval with ±10 % jitter, so servers started together do not ask together.</summary>
    public static TimeSpan Jittered(TimeSpan interval) => interval * (0.9 + (Random.Shared.NextDouble() * 0.2));

    public static TimeSpan After(LicenseUpdateOutcome outcome, TimeSpan interval) =>
        Jittered(outcome == LicenseUpdateOutcome.Failed && interval > RetryAfterFailure ? RetryAfterFailure : interval);
}
