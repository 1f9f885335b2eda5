namespace Xcally.Licensing;

/// <summary>A Motion module.</summary>
public enum Module
{
    /// <summary>Contacts Manager.</summary>
    ContactsManager = 0,

    /// <summary>Dialer.</summary>
    Dialer = 1,

    /// <summary>Jscripty.</summary>
    Jscripty = 2,

    /// <summary>Inspectors.</summary>
    Inspectors = 3,

    /// <summary>Multiprofile.</summary>
    Multiprofile = 4,

    /// <summary>Timings.</summary>
    Timings = 5,
}
