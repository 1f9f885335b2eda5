namespace Xcally.Licensing;

/// <summary>What comparing a licensed token with the current one concludes.</summary>
public enum TokenVerdict
{
    /// <summary>Nothing that both tokens hold has changed.</summary>
    Same = 0,

    /// <summary>Some components changed, but the server's identity anchors (machine-id or platform) and most of its weight are the same: the same server was changed.</summary>
    SameServerChanged = 1,

    /// <summary>Too much changed, or the identity key changed: another server, a clone, or a copy of the installation.</summary>
    DifferentServer = 2,
}
