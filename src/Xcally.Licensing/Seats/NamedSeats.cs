namespace Xcally.Licensing.Seats;

/// <summary>One account's named seat: <see cref="Order"/> is when it was assigned among all, the rank a shrink keeps by.</summary>
internal sealed record NamedSeat(string Id, long Order, DateTimeOffset AssignedAt);

/// <summary>
/// A named pool's assignments, immutable once built: readers look up an account's rank without a lock,
/// writers build the next one under the seats' lock and publish it.
/// </summary>
internal sealed class NamedSeats
{
    private readonly Dictionary<string, int> _rank;

    public NamedSeats(IEnumerable<NamedSeat> seats)
    {
        InOrder = [.. seats.OrderBy(s => s.Order)];
        _rank = new Dictionary<string, int>(InOrder.Length, StringComparer.Ordinal);
        for (var i = 0; i < InOrder.Length; i++)
        {
            _rank[InOrder[i].Id] = i;
        }
    }

    public static NamedSeats Empty { get; } = new([]);

    /// <summary>Every assignment, earliest first.</summary>
    public NamedSeat[] InOrder { get; }

    public int Count => InOrder.Length;

    /// <summary>The account's place among the assigned, 0 for the earliest; -1 when it holds no seat.</summary>
    public int RankOf(string id) => _rank.TryGetValue(id, out var rank) ? rank : -1;

    public NamedSeats With(NamedSeat seat) => new(InOrder.Append(seat));

    public NamedSeats Without(string id) => new(InOrder.Where(s => !string.Equals(s.Id, id, StringComparison.Ordinal)));
}
