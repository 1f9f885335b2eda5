using System.Globalization;
using System.Text;
using Xcally.Licensing.Installation;

namespace Xcally.Licensing;

/// <summary>
/// What changed between the token a license was issued for and the server's current token, from the
/// two tokens alone, and whether it looks like the same server changed or a different server. Immutable.
/// </summary>
public sealed class TokenComparison
{
    private TokenComparison(InstallationToken licensed, InstallationToken current, TokenVerdict verdict, IReadOnlyList<ComponentComparison> components, int unchangedWeight, int comparableWeight, string reason)
    {
        Licensed = licensed;
        Current = current;
        Verdict = verdict;
        Components = components;
        UnchangedWeight = unchangedWeight;
        ComparableWeight = comparableWeight;
        Reason = reason;
    }

    /// <summary>The earlier token (the one the license names).</summary>
    public InstallationToken Licensed { get; }

    /// <summary>The server's current token.</summary>
    public InstallationToken Current { get; }

    /// <summary>The conclusion.</summary>
    public TokenVerdict Verdict { get; }

    /// <summary>Every component, in token order.</summary>
    public IReadOnlyList<ComponentComparison> Components { get; }

    /// <summary>The components that changed.</summary>
    public IEnumerable<TokenComponent> Changed => Components.Where(c => c.Change == ComponentChange.Changed).Select(c => c.Component);

    /// <summary>The weight of the components both tokens hold that are unchanged.</summary>
    public int UnchangedWeight { get; }

    /// <summary>The weight of the components both tokens hold.</summary>
    public int ComparableWeight { get; }

    /// <summary>The verdict in a sentence.</summary>
    public string Reason { get; }

    internal static TokenComparison Between(InstallationToken licensed, InstallationToken current)
    {
        var components = new List<ComponentComparison>(InstallationToken.GroupCount - 1);
        if (licensed.Version != current.Version || licensed.KeyTag != current.KeyTag || licensed.KeySource != current.KeySource)
        {
            foreach (var component in Enum.GetValues<TokenComponent>())
            {
                components.Add(new ComponentComparison(component, ComponentChange.NotComparable, null));
            }

            var why = licensed.KeySource != current.KeySource
                ? $"the server's identity now comes from {Describe(current.KeySource)} instead of {Describe(licensed.KeySource)}"
                : "the server's identity key changed (the operating system was reinstalled, its machine-id was reset, or this is another server)";
            return new TokenComparison(licensed, current, TokenVerdict.DifferentServer, components, 0, 0, $"Different server: {why}.");
        }

        int unchanged = 0, comparable = 0, changedCount = 0;
        var anchorUnchanged = false;
        foreach (var component in Enum.GetValues<TokenComponent>())
        {
            var before = licensed.Group(component);
            var after = current.Group(component);
            var change = (before, after) switch
            {
                (0, 0) => ComponentChange.NotAvailable,
                (_, 0) => ComponentChange.NoLongerAvailable,
                (0, _) => ComponentChange.NewlyAvailable,
                _ when before == after => ComponentChange.Same,
                _ => ComponentChange.Changed,
            };

            if (change is ComponentChange.Same or ComponentChange.Changed)
            {
                comparable += TokenPolicy.Weight(component);
            }

            if (change == ComponentChange.Same)
            {
                unchanged += TokenPolicy.Weight(component);
                anchorUnchanged |= TokenPolicy.IsAnchor(component);
            }

            if (change == ComponentChange.Changed)
            {
                changedCount++;
            }

            components.Add(new ComponentComparison(component, change, Detail(component, change, licensed, current)));
        }

        if (changedCount == 0)
        {
            return new TokenComparison(licensed, current, TokenVerdict.Same, components, unchanged, comparable, "Same server: nothing that both tokens hold has changed.");
        }

        var changedNames = string.Join(", ", components.Where(c => c.Change == ComponentChange.Changed).Select(c => Name(c.Component)));
        var score = string.Create(CultureInfo.InvariantCulture, $"{unchanged} of {comparable} weight unchanged");
        if (anchorUnchanged && comparable >= TokenPolicy.MinimumComparableWeight && unchanged >= TokenPolicy.SameServerShare * comparable)
        {
            return new TokenComparison(licensed, current, TokenVerdict.SameServerChanged, components, unchanged, comparable, $"Same server, changed: {changedNames} ({score}).");
        }

        var because = anchorUnchanged
            ? $"too much changed: {changedNames} ({score}, at least {TokenPolicy.SameServerShare:P0} needed)"
            : $"both identity anchors (machine-id and platform) changed or are missing; changed: {changedNames}";
        return new TokenComparison(licensed, current, TokenVerdict.DifferentServer, components, unchanged, comparable, $"Different server (a clone, a copy or another machine): {because}.");
    }

    /// <summary>A readable, multi-line explanation for logs and support tickets; holds no raw identifying value.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"licensed token {Licensed}\ncurrent token  {Current}\n");
        foreach (var component in Components)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Name(component.Component),-14} {Describe(component.Change)}");
            if (component.Detail is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $" ({component.Detail})");
            }

            text.Append('\n');
        }

        text.Append(Reason);
        return text.ToString();
    }

    internal static string Name(TokenComponent component) => component switch
    {
        TokenComponent.MachineId => "machine-id",
        TokenComponent.Platform => "platform",
        TokenComponent.RootDisk => "root disk",
        TokenComponent.NetworkCards => "network cards",
        TokenComponent.Cpu => "cpu",
        TokenComponent.Memory => "memory",
        TokenComponent.Hostname => "hostname",
        TokenComponent.IpAddresses => "ip addresses",
        _ => component.ToString(),
    };

    internal static string Describe(ComponentChange change) => change switch
    {
        ComponentChange.Same => "same",
        ComponentChange.Changed => "CHANGED",
        ComponentChange.NoLongerAvailable => "no longer available (not counted)",
        ComponentChange.NewlyAvailable => "newly available (not counted)",
        ComponentChange.NotAvailable => "not available",
        ComponentChange.NotComparable => "not comparable",
        _ => change.ToString(),
    };

    private static string Describe(TokenKeySource source) => source switch
    {
        TokenKeySource.MachineId => "the machine-id",
        TokenKeySource.InstallationKey => "an installation key",
        TokenKeySource.PlatformUuid => "the platform UUID",
        _ => source.ToString(),
    };

    private static string? Detail(TokenComponent component, ComponentChange change, InstallationToken licensed, InstallationToken current)
    {
        if (change != ComponentChange.Changed)
        {
            return component == TokenComponent.Platform && licensed.PlatformTier != current.PlatformTier && change != ComponentChange.NotAvailable
                ? $"identified by {licensed.PlatformTier} then, {current.PlatformTier} now"
                : null;
        }

        return component switch
        {
            TokenComponent.Memory => $"{licensed.MemoryGiB} GiB → {current.MemoryGiB} GiB",
            TokenComponent.Cpu when licensed.LogicalProcessors != current.LogicalProcessors =>
                $"{licensed.LogicalProcessors} → {current.LogicalProcessors} logical processors" +
                ((licensed.Group(component) & 0x3FF) != (current.Group(component) & 0x3FF) ? ", and another model" : string.Empty),
            TokenComponent.Cpu => "another processor model",
            TokenComponent.Platform when licensed.PlatformTier != current.PlatformTier => $"identified by {licensed.PlatformTier} then, {current.PlatformTier} now",
            _ => null,
        };
    }
}
