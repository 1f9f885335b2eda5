namespace Xcally.Licensing;

/// <summary>The support package of a subscription.</summary>
public enum SupportPlan
{
    /// <summary>The Silver support package.</summary>
    Silver = 0,

    /// <summary>The Platinum support package.</summary>
    Platinum = 1,
}
