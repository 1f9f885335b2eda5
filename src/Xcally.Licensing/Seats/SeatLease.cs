namespace Xcally.Licensing;

/// <summary>
/// A concurrent seat, held until released. Releasing is idempotent and safe from any thread: the seat
/// returns to its pool once, however many times <see cref="Release"/> or <see cref="Dispose"/> is called.
/// </summary>
public sealed class SeatLease : IDisposable
{
    private readonly Seats.ConcurrentSeatPool _pool;
    private int _released;

    internal SeatLease(Seats.ConcurrentSeatPool pool, string holderId)
    {
        _pool = pool;
        HolderId = holderId;
    }

    /// <summary>The pool the seat was taken from.</summary>
    public SeatPool Pool => _pool.Pool;

    /// <summary>Who holds it, as the caller named them when acquiring.</summary>
    public string HolderId { get; }

    /// <summary>Whether the seat has been returned to its pool.</summary>
    public bool IsReleased => Volatile.Read(ref _released) != 0;

    /// <summary>Returns the seat to its pool.</summary>
    /// <returns><see langword="true"/> the first time; <see langword="false"/> when it was already released.</returns>
    public bool Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return false;
        }

        _pool.Return();
        return true;
    }

    /// <summary>Releases the seat (see <see cref="Release"/>).</summary>
    public void Dispose() => Release();
}
