namespace Xcally.Licensing;

/// <summary>Session limits, which may also be bounded by technical limits of the instance.</summary>
/// <param name="IvrChannels">Concurrent IVR channels.</param>
/// <param name="ChannelSessions">Concurrent channel sessions.</param>
public sealed record SessionLimits(int IvrChannels, int ChannelSessions)
{
    /// <summary>No sessions.</summary>
    public static SessionLimits None { get; } = new(0, 0);
}
