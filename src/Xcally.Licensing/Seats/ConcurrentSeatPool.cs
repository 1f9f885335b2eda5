namespace Xcally.Licensing.Seats;

/// <summary>
/// One concurrent pool: a count of leases and the limit, changed with compare-and-swap so that no lease
/// is ever granted beyond the limit in force when it was taken, and no lock is held on the way.
/// </summary>
internal sealed class ConcurrentSeatPool(SeatPool pool, LicenseSeats owner)
{
    private int _inUse;
    private volatile int _limit;
    private volatile bool _overLimit;

    public SeatPool Pool { get; } = pool;

    public int InUse => Volatile.Read(ref _inUse);

    public int Limit => _limit;

    /// <summary>Takes a seat if one is free under the current limit; otherwise answers the count that stopped it.</summary>
    public bool TryTake(out int inUse, out int limit)
    {
        limit = _limit;
        inUse = Volatile.Read(ref _inUse);
        while (inUse < limit)
        {
            var seen = Interlocked.CompareExchange(ref _inUse, inUse + 1, inUse);
            if (seen == inUse)
            {
                // The license may have shrunk between reading the limit and taking the seat: the seat stands
                // (it was free under the limit in force when asked), and the pool reports being over.
                if (inUse + 1 > _limit)
                {
                    owner.ConcurrentPoolChanged(this);
                }

                return true;
            }

            inUse = seen;
        }

        return false;
    }

    public void Return()
    {
        var inUse = Interlocked.Decrement(ref _inUse);

        // Only a pool that the license shrank below its use has anything to report on the way back.
        if (_overLimit && inUse <= _limit)
        {
            owner.ConcurrentPoolChanged(this);
        }
    }

    /// <summary>Sets the limit; answers whether the pool is over it now. The caller holds the seats' lock.</summary>
    public bool SetLimit(int limit)
    {
        _limit = limit;
        return UpdateOverLimit();
    }

    /// <summary>Re-reads the count against the limit; answers whether the pool is over it. The caller holds the seats' lock.</summary>
    public bool UpdateOverLimit()
    {
        var over = Volatile.Read(ref _inUse) > _limit;
        _overLimit = over;
        return over;
    }
}
