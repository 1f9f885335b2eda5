namespace Xcally.Licensing;

/// <summary>
/// The automatic license update, bound from <c>Licensing:Update</c>. It only changes where and how
/// often Motion asks for its newest license: what is fetched goes through the same checks as a pasted
/// license, so nothing here can grant anything.
/// </summary>
public sealed class LicenseUpdateOptions
{
    /// <summary>The shortest interval between two scheduled checks.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(5);

    /// <summary>The longest interval between two scheduled checks.</summary>
    public static readonly TimeSpan MaximumInterval = TimeSpan.FromDays(7);

    /// <summary>
    /// The licensing team's delivery server (http or https, for example <c>https://licensing.example/</c>);
    /// unset, there is no automatic update and the paste is the only way in.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>How often to check (5 minutes to 7 days; default 6 hours), each time with ±10 % jitter.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);
}
