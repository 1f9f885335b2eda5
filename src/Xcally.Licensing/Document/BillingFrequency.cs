namespace Xcally.Licensing;

/// <summary>How often a subscription is billed, which also sets its period.</summary>
public enum BillingFrequency
{
    /// <summary>Billed every month.</summary>
    Monthly = 0,

    /// <summary>Billed every year.</summary>
    Annual = 1,
}
