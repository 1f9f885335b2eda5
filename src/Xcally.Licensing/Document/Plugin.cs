namespace Xcally.Licensing;

/// <summary>An App Zone plugin.</summary>
public enum Plugin
{
    /// <summary>Data retention.</summary>
    DataRetention = 0,

    /// <summary>Botify.</summary>
    Botify = 1,

    /// <summary>Queue manager.</summary>
    QueueManager = 2,

    /// <summary>Schedulease.</summary>
    Schedulease = 3,
}
