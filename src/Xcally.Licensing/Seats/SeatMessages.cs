using System.Globalization;

namespace Xcally.Licensing.Seats;

/// <summary>Every sentence the seats say to an administrator, in one place.</summary>
internal static class SeatMessages
{
    public static string Refused(SeatPool pool, SeatOutcome refusal, int inUse, int limit, LicenseState state, DateTimeOffset? overLimitSince)
    {
        var licensed = state is LicenseState.Active or LicenseState.Grace;
        return refusal switch
        {
            SeatOutcome.NotLicensed => licensed
                ? $"The license includes no {SeatPools.Words(pool, 2)}. Extend the license to use them."
                : $"{Mode(state)} XCALLY Motion allows no {SeatPools.Words(pool, 2)}. Install a valid license to use them.",
            SeatOutcome.OverLimit =>
                $"{inUse} {SeatPools.Words(pool, inUse)} {Are(pool, inUse)} and {(licensed ? "the license" : Mode(state).ToLowerInvariant())} allows {limit}"
                + (overLimitSince is { } since ? $" (over the limit since {When(since)})" : string.Empty)
                + $": no more until {inUse - limit + 1} {Freed(pool, inUse - limit + 1)}, or {(licensed ? "the license is extended" : "a valid license is installed")}.",
            _ => licensed
                ? $"All {limit} licensed {SeatPools.Words(pool, limit)} {Are(pool, limit)}. {Remedy(pool)} or extend the license."
                : $"{Mode(state)} XCALLY Motion allows {limit} {SeatPools.Words(pool, limit)}, and {(limit == 1 ? "it is" : "all are")} {Participle(pool)}. {Remedy(pool)}, or install a valid license.",
        };
    }

    public static string NotInForce(SeatPool pool, int limit) =>
        $"This account's seat was assigned after the first {limit} {SeatPools.Words(pool, limit)} allowed now: it is not in force until earlier ones are unassigned or the license is extended.";

    public static string StorageFailed(string detail) =>
        $"The named seats could not be saved in the licensing state directory ({detail}); nothing changed. Check the directory's free space and permissions.";

    /// <summary>"agents: 7 in use, 5 licensed, over the limit since 1 December 2026 00:00 UTC".</summary>
    public static string Usage(SeatPool pool, int inUse, int limit, DateTimeOffset since) =>
        $"{SeatPools.WireName(pool)}: {inUse} in use, {limit} licensed, over the limit since {When(since)}";

    public static string When(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("d MMMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Mode(LicenseState state) => state switch
    {
        LicenseState.Trial => "In trial mode",
        LicenseState.Deactivated => "Deactivated,",
        LicenseState.Invalid => "Without a valid license,",
        _ => "Unlicensed,",
    };

    private static string Are(SeatPool pool, int count) => (count == 1 ? "is " : "are ") + Participle(pool);

    private static string Participle(SeatPool pool) => pool switch
    {
        SeatPool.Agents => "signed in",
        SeatPool.IvrChannels or SeatPool.ChannelSessions => "in use",
        _ => "assigned",
    };

    private static string Freed(SeatPool pool, int count) => pool switch
    {
        SeatPool.Agents => count == 1 ? "signs out" : "sign out",
        SeatPool.IvrChannels or SeatPool.ChannelSessions => count == 1 ? "ends" : "end",
        _ => count == 1 ? "is unassigned" : "are unassigned",
    };

    private static string Remedy(SeatPool pool) => pool switch
    {
        SeatPool.Agents => "Sign one out",
        SeatPool.IvrChannels or SeatPool.ChannelSessions => "Wait for one to end",
        _ => "Unassign one",
    };
}
