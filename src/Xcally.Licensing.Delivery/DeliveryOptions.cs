namespace Xcally.Licensing.Delivery;

/// <summary>
/// The delivery server's settings: the <c>Delivery</c> section of the tool's configuration (settings
/// file, environment, command line). Where Kestrel listens, and HTTPS, are Kestrel's own standard
/// settings (<c>--urls</c>, the <c>Kestrel</c> section). Unknown keys are errors.
/// </summary>
internal sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    /// <summary>The issuance ledger to serve from (the tool's <c>Signer:LedgerPath</c> or <c>--ledger</c>).</summary>
    public string LedgerPath { get; set; } = string.Empty;

    /// <summary>Requests one client address may make per minute (a token bucket refilled every minute).</summary>
    public int PermitsPerMinute { get; set; } = 60;

    /// <summary>How many of them may come at once.</summary>
    public int Burst { get; set; } = 20;

    /// <summary>Connections Kestrel keeps open at most.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>How often the fetches collected are written to the ledger, in one transaction.</summary>
    public TimeSpan RecordInterval { get; set; } = TimeSpan.FromSeconds(1);

    public List<string> Check()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(LedgerPath))
        {
            problems.Add("the ledger to serve is required (--ledger, or the Signer:LedgerPath setting).");
        }

        if (PermitsPerMinute is < 1 or > 100_000_000)
        {
            problems.Add($"Delivery:PermitsPerMinute must be between 1 and 100000000; it is {PermitsPerMinute}.");
        }

        if (Burst < 1 || Burst > Math.Max(PermitsPerMinute, 1))
        {
            problems.Add($"Delivery:Burst must be between 1 and Delivery:PermitsPerMinute ({PermitsPerMinute}); it is {Burst}.");
        }

        if (MaxConnections is < 1 or > 1_000_000)
        {
            problems.Add($"Delivery:MaxConnections must be between 1 and 1000000; it is {MaxConnections}.");
        }

        if (RecordInterval < TimeSpan.FromMilliseconds(10) || RecordInterval > TimeSpan.FromMinutes(1))
        {
            problems.Add($"Delivery:RecordInterval must be between 00:00:00.010 and 00:01:00; it is {RecordInterval}.");
        }

        return problems;
    }
}
