namespace Xcally.Licensing;

/// <summary>A communication channel Motion can use.</summary>
public enum Channel
{
    /// <summary>Voice calls.</summary>
    Voice = 0,

    /// <summary>Web chat.</summary>
    Chat = 1,

    /// <summary>Email.</summary>
    Email = 2,

    /// <summary>SMS.</summary>
    Sms = 3,

    /// <summary>Fax.</summary>
    Fax = 4,

    /// <summary>Open Channel (custom integrations).</summary>
    OpenChannel = 5,

    /// <summary>WhatsApp.</summary>
    WhatsApp = 6,
}
