namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>What one fetch of the delivery server got.</summary>
internal enum FetchOutcome
{
    /// <summary>The newest license for the token, in full.</summary>
    Served,

    /// <summary>The client already held the newest license (a 304).</summary>
    NotModified,

    /// <summary>The ledger holds no license for the token (a 404).</summary>
    UnknownToken,
}
