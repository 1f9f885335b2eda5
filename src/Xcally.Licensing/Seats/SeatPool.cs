namespace Xcally.Licensing;

/// <summary>
/// What the license counts, with the contract's meaning: agents, IVR channels and channel sessions are
/// concurrent (a lease while in use); users, administrators, telephones and mobile agents are named
/// (an account assigned a seat until it is unassigned).
/// </summary>
public enum SeatPool
{
    /// <summary>Concurrent agents: one lease per signed-in agent.</summary>
    Agents = 0,

    /// <summary>Concurrent IVR channels.</summary>
    IvrChannels = 1,

    /// <summary>Concurrent channel sessions.</summary>
    ChannelSessions = 2,

    /// <summary>Named users.</summary>
    Users = 3,

    /// <summary>Named administrators.</summary>
    Admins = 4,

    /// <summary>Named telephones.</summary>
    Telephones = 5,

    /// <summary>Named mobile agents (not concurrent: each is a person).</summary>
    MobileAgents = 6,
}
