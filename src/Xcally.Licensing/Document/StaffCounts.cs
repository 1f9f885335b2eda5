namespace Xcally.Licensing;

/// <summary>The staff accounts a license allows.</summary>
/// <param name="Admins">Administrator users; one is always included in a license that grants anything.</param>
/// <param name="Users">Additional users.</param>
/// <param name="Agents">Concurrent agents.</param>
/// <param name="Telephones">Telephones.</param>
/// <param name="MobileAgents">Named (not concurrent) mobile agents.</param>
public sealed record StaffCounts(int Admins, int Users, int Agents, int Telephones, int MobileAgents)
{
    /// <summary>No staff at all, as in a deactivation.</summary>
    public static StaffCounts None { get; } = new(0, 0, 0, 0, 0);
}
