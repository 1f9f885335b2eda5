namespace Xcally.Licensing;

/// <summary>One component of a <see cref="TokenComparison"/>. Immutable.</summary>
/// <param name="Component">The component.</param>
/// <param name="Change">How it compares.</param>
/// <param name="Detail">What changed, where the token can say it (for example "16 GiB → 32 GiB"); never a raw identifying value.</param>
public sealed record ComponentComparison(TokenComponent Component, ComponentChange Change, string? Detail);
