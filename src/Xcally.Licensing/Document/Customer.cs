namespace Xcally.Licensing;

/// <summary>The customer a license is issued to, as given on the license portal form.</summary>
/// <param name="Name">The customer name or reference.</param>
/// <param name="Email">The customer's email address.</param>
public sealed record Customer(string Name, string Email);
