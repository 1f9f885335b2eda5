namespace Xcally.Licensing;

/// <summary>How one component of a computed token was obtained. Never holds a raw identifying value. Immutable.</summary>
/// <param name="Component">The component.</param>
/// <param name="Availability">Whether it is in the token.</param>
/// <param name="Explanation">What it was made of, or why it is missing, for the administrator and support.</param>
public sealed record TokenComponentReading(TokenComponent Component, ComponentAvailability Availability, string Explanation);
