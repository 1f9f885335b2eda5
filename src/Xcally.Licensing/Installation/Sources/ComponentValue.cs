namespace Xcally.Licensing.Installation.Sources;

/// <summary>What a source read: the canonical bytes that get hashed, or why there are none, and a non-identifying explanation.</summary>
internal sealed record ComponentValue(ComponentAvailability Availability, byte[] Canonical, string Explanation)
{
    public static ComponentValue Present(byte[] canonical, string explanation) => new(ComponentAvailability.Present, canonical, explanation);

    public static ComponentValue Present(string canonical, string explanation) => Present(System.Text.Encoding.UTF8.GetBytes(canonical), explanation);

    public static ComponentValue Absent(string explanation) => new(ComponentAvailability.Absent, [], explanation);

    public static ComponentValue Restricted(string explanation) => new(ComponentAvailability.Restricted, [], explanation);

    public static ComponentValue Excluded(string explanation) => new(ComponentAvailability.Excluded, [], explanation);

    public bool IsPresent => Availability == ComponentAvailability.Present;
}
