namespace Xcally.Licensing.Issuing.Catalog;

/// <summary>One plan of the catalog: the channels it includes and the defaults a new license gets.</summary>
internal sealed record Plan(string Id, string Description, EntitlementSet<Channel> Channels, EntitlementSet<Module> Modules, SessionLimits Sessions)
{
    public bool HasVoice => Channels.Contains(Channel.Voice);
}
