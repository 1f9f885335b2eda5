namespace Xcally.Licensing.Seats;

/// <summary>The pools' kinds, names and limits: the one place that maps a pool to the license.</summary>
internal static class SeatPools
{
    public const int ConcurrentCount = 3;
    public const int Count = 7;

    public static readonly SeatPool[] All = Enum.GetValues<SeatPool>();

    public static bool IsConcurrent(SeatPool pool) => pool <= SeatPool.ChannelSessions;

    /// <summary>The pool's name in the status, the log and the state file.</summary>
    public static string WireName(SeatPool pool) => pool switch
    {
        SeatPool.Agents => "agents",
        SeatPool.IvrChannels => "ivrChannels",
        SeatPool.ChannelSessions => "channelSessions",
        SeatPool.Users => "users",
        SeatPool.Admins => "admins",
        SeatPool.Telephones => "telephones",
        SeatPool.MobileAgents => "mobileAgents",
        _ => throw new ArgumentOutOfRangeException(nameof(pool), pool, null),
    };

    /// <summary>The pool's name in a sentence: "concurrent agents", "mobile agents".</summary>
    public static string Words(SeatPool pool, int count) => pool switch
    {
        SeatPool.Agents => count == 1 ? "concurrent agent" : "concurrent agents",
        SeatPool.IvrChannels => count == 1 ? "concurrent IVR channel" : "concurrent IVR channels",
        SeatPool.ChannelSessions => count == 1 ? "concurrent channel session" : "concurrent channel sessions",
        SeatPool.Users => count == 1 ? "user" : "users",
        SeatPool.Admins => count == 1 ? "administrator" : "administrators",
        SeatPool.Telephones => count == 1 ? "telephone" : "telephones",
        SeatPool.MobileAgents => count == 1 ? "mobile agent" : "mobile agents",
        _ => throw new ArgumentOutOfRangeException(nameof(pool), pool, null),
    };

    public static int LimitOf(SeatPool pool, LicenseEntitlements entitlements) => pool switch
    {
        SeatPool.Agents => entitlements.Staff.Agents,
        SeatPool.IvrChannels => entitlements.Sessions.IvrChannels,
        SeatPool.ChannelSessions => entitlements.Sessions.ChannelSessions,
        SeatPool.Users => entitlements.Staff.Users,
        SeatPool.Admins => entitlements.Staff.Admins,
        SeatPool.Telephones => entitlements.Staff.Telephones,
        SeatPool.MobileAgents => entitlements.Staff.MobileAgents,
        _ => throw new ArgumentOutOfRangeException(nameof(pool), pool, null),
    };

    public static void EnsureConcurrent(SeatPool pool)
    {
        if ((uint)pool >= ConcurrentCount)
        {
            throw (uint)pool < Count
                ? new ArgumentException($"{pool} is a named pool: assign its seats with TryAssign, by the account's id.", nameof(pool))
                : new ArgumentOutOfRangeException(nameof(pool), pool, "Not a seat pool.");
        }
    }

    public static void EnsureNamed(SeatPool pool)
    {
        if (unchecked((uint)pool - ConcurrentCount) >= Count - ConcurrentCount)
        {
            throw (uint)pool < ConcurrentCount
                ? new ArgumentException($"{pool} is a concurrent pool: take a lease with TryAcquire while it is in use.", nameof(pool))
                : new ArgumentOutOfRangeException(nameof(pool), pool, "Not a seat pool.");
        }
    }
}
