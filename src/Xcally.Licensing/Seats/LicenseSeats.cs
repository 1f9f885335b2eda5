using Microsoft.Extensions.Logging;
using Xcally.Licensing.Runtime;
using Xcally.Licensing.Seats;

namespace Xcally.Licensing;

/// <summary>
/// The license's staff counts as seats, with the contract's meaning: concurrent pools (agents, IVR
/// channels, channel sessions) lease a seat while it is in use; named pools (users, administrators,
/// telephones, mobile agents) assign one to an account until it is unassigned, saved in the state
/// directory. The limits follow the license state at every moment: the license's counts in Active and
/// Grace, the trial's otherwise. Thread-safe; a refusal is a value with its reason, never an exception.
/// </summary>
/// <remarks>
/// When a limit falls below what is in use (a smaller license, trial mode), nothing in use is cut:
/// new leases and assignments are refused until enough are released, the status and the log say since
/// when the pool is over its limit, and <see cref="LimitChanged"/> lets Motion decide what to do. Of
/// the named seats, the earliest assigned are in force, as many as the limit allows.
/// </remarks>
public sealed class LicenseSeats
{
    private const int MaxIdLength = 256;

    private readonly object _gate = new();
    private readonly ConcurrentSeatPool[] _concurrent;
    private readonly int[] _namedLimits = new int[SeatPools.Count];
    private readonly DateTimeOffset?[] _overLimitSince = new DateTimeOffset?[SeatPools.Count];
    private readonly SeatStore _store;
    private readonly LicenseLog _log;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile SeatFile _file;
    private volatile LicenseState _state = LicenseState.Unlicensed;

    internal LicenseSeats(string directory, LicenseLog log, TimeProvider time, ILogger logger)
    {
        _store = new SeatStore(directory);
        _log = log;
        _time = time;
        _logger = logger;
        _concurrent = [.. SeatPools.All.Take(SeatPools.ConcurrentCount).Select(p => new ConcurrentSeatPool(p, this))];
        _file = Load();
        foreach (var (pool, since) in _file.OverLimitSince)
        {
            _overLimitSince[(int)pool] = since;
        }
    }

    /// <summary>
    /// Raised when a pool goes over its limit (the license now allows fewer than are in use) and when it
    /// comes back within it; on the thread that changed the license or released the seat, so handlers
    /// should hand slow work off.
    /// </summary>
    public event EventHandler<SeatLimitEventArgs>? LimitChanged;

    internal SeatStore Store => _store;

    /// <summary>
    /// Leases a seat of a concurrent pool (<see cref="SeatPool.Agents"/>, <see cref="SeatPool.IvrChannels"/>,
    /// <see cref="SeatPool.ChannelSessions"/>) for <paramref name="holderId"/>, if one is free under the
    /// limit in force now. Release the lease when the seat is no longer in use.
    /// </summary>
    /// <exception cref="ArgumentException">The pool is a named one, or the holder is empty (misuse).</exception>
    public SeatAcquisition TryAcquire(SeatPool pool, string holderId)
    {
        SeatPools.EnsureConcurrent(pool);
        ArgumentException.ThrowIfNullOrEmpty(holderId);
        var counter = _concurrent[(int)pool];
        return counter.TryTake(out var inUse, out var limit)
            ? new SeatAcquisition(new SeatLease(counter, holderId))
            : Refusal(pool, inUse, limit);
    }

    /// <summary>
    /// Assigns a seat of a named pool (<see cref="SeatPool.Users"/>, <see cref="SeatPool.Admins"/>,
    /// <see cref="SeatPool.Telephones"/>, <see cref="SeatPool.MobileAgents"/>) to the account
    /// <paramref name="accountId"/> (Motion's stable id for it), saved before it answers. Assigning an
    /// account that holds a seat changes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The pool is a concurrent one, or the id is empty, longer than 256 characters or holds control characters (misuse).</exception>
    public SeatAssignment TryAssign(SeatPool pool, string accountId)
    {
        EnsureNamedSeat(pool, accountId);
        lock (_gate)
        {
            var file = _file;
            var seats = file.Of(pool);
            var limit = Volatile.Read(ref _namedLimits[(int)pool]);
            var rank = seats.RankOf(accountId);
            if (rank >= 0)
            {
                return rank < limit
                    ? new SeatAssignment(SeatOutcome.AlreadyAssigned, inForce: true, null)
                    : new SeatAssignment(SeatOutcome.AlreadyAssigned, inForce: false, SeatMessages.NotInForce(pool, limit));
            }

            if (seats.Count >= limit)
            {
                var refusal = Refusal(pool, seats.Count, limit);
                return new SeatAssignment(refusal.Outcome, inForce: false, refusal.Reason);
            }

            var next = With(file, pool, seats.With(new NamedSeat(accountId, file.NextOrder, _time.GetUtcNow())), nextOrder: file.NextOrder + 1);
            return Save(next) is { } problem
                ? new SeatAssignment(SeatOutcome.StorageFailed, inForce: false, problem)
                : new SeatAssignment(SeatOutcome.Assigned, inForce: true, null);
        }
    }

    /// <summary>Frees the named seat of <paramref name="accountId"/>, saved before it answers.</summary>
    /// <exception cref="ArgumentException">The pool is a concurrent one, or the id is not a valid account id (misuse).</exception>
    public SeatAssignment Unassign(SeatPool pool, string accountId)
    {
        EnsureNamedSeat(pool, accountId);
        lock (_gate)
        {
            var file = _file;
            if (file.Of(pool).RankOf(accountId) < 0)
            {
                return new SeatAssignment(SeatOutcome.NotAssigned, inForce: false, null);
            }

            var next = With(file, pool, file.Of(pool).Without(accountId), file.NextOrder);
            if (Save(next) is { } problem)
            {
                return new SeatAssignment(SeatOutcome.StorageFailed, inForce: true, problem);
            }

            UpdateOverLimit(pool, next.Of(pool).Count, _namedLimits[(int)pool], _time.GetUtcNow());
            return new SeatAssignment(SeatOutcome.Unassigned, inForce: false, null);
        }
    }

    /// <summary>Whether <paramref name="accountId"/> holds a named seat that is in force: among the earliest assigned, as many as the limit allows now.</summary>
    /// <exception cref="ArgumentException">The pool is a concurrent one (misuse).</exception>
    public bool IsInForce(SeatPool pool, string accountId)
    {
        SeatPools.EnsureNamed(pool);
        ArgumentNullException.ThrowIfNull(accountId);
        var rank = _file.Of(pool).RankOf(accountId);
        return rank >= 0 && rank < Volatile.Read(ref _namedLimits[(int)pool]);
    }

    /// <summary>The accounts holding a seat of a named pool, earliest assigned first (the first ones, up to the limit, are in force).</summary>
    /// <exception cref="ArgumentException">The pool is a concurrent one (misuse).</exception>
    public IReadOnlyList<string> AssignedAccounts(SeatPool pool)
    {
        SeatPools.EnsureNamed(pool);
        return [.. _file.Of(pool).InOrder.Select(s => s.Id)];
    }

    /// <summary>One pool's usage: in use, licensed, and since when over the limit.</summary>
    public SeatUsage Usage(SeatPool pool)
    {
        if ((uint)pool >= SeatPools.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(pool), pool, "Not a seat pool.");
        }

        var concurrent = SeatPools.IsConcurrent(pool);
        int inUse, limit;
        if (concurrent)
        {
            inUse = _concurrent[(int)pool].InUse;
            limit = _concurrent[(int)pool].Limit;
        }
        else
        {
            inUse = _file.Of(pool).Count;
            limit = Volatile.Read(ref _namedLimits[(int)pool]);
        }

        var since = inUse > limit ? _overLimitSince[(int)pool] : null;
        return new SeatUsage
        {
            Pool = pool,
            Concurrent = concurrent,
            InUse = inUse,
            Licensed = limit,
            OverLimitSince = since,
            Message = since is { } s ? SeatMessages.Usage(pool, inUse, limit, s) : null,
        };
    }

    /// <summary>Every pool's usage, concurrent pools first.</summary>
    public IReadOnlyList<SeatUsage> Usage() => [.. SeatPools.All.Select(Usage)];

    /// <summary>Sets every limit from what Motion may do now; the licensing service calls it after each evaluation.</summary>
    internal void ApplyLimits(LicenseEntitlements entitlements, LicenseState state, DateTimeOffset now)
    {
        lock (_gate)
        {
            _state = state;
            foreach (var pool in SeatPools.All)
            {
                var limit = SeatPools.LimitOf(pool, entitlements);
                if (SeatPools.IsConcurrent(pool))
                {
                    var counter = _concurrent[(int)pool];
                    counter.SetLimit(limit);
                    UpdateOverLimit(pool, counter.InUse, limit, now);
                }
                else
                {
                    Volatile.Write(ref _namedLimits[(int)pool], limit);
                    UpdateOverLimit(pool, _file.Of(pool).Count, limit, now);
                }
            }
        }
    }

    /// <summary>A concurrent pool may have crossed its limit: a release brought it back within, or a seat was taken just as the license shrank.</summary>
    internal void ConcurrentPoolChanged(ConcurrentSeatPool pool)
    {
        lock (_gate)
        {
            pool.UpdateOverLimit();
            UpdateOverLimit(pool.Pool, pool.InUse, pool.Limit, _time.GetUtcNow());
        }
    }

    /// <summary>Notes a pool going over its limit or back within it: the log, the saved seats, the event. The caller holds the lock.</summary>
    private void UpdateOverLimit(SeatPool pool, int inUse, int limit, DateTimeOffset now)
    {
        var since = _overLimitSince[(int)pool];
        var over = inUse > limit;
        if (over == since.HasValue)
        {
            return;
        }

        _overLimitSince[(int)pool] = over ? now : null;
        var usage = Usage(pool);
        _log.Write("seats", w =>
        {
            w.WriteString("pool", SeatPools.WireName(pool));
            w.WriteString("change", over ? "over-limit" : "within-limit");
            w.WriteNumber("inUse", inUse);
            w.WriteNumber("licensed", limit);
            w.WriteString("detail", usage.Message ?? $"{SeatPools.WireName(pool)}: {inUse} in use, {limit} licensed, within the limit again");
        });
        if (over)
        {
            _logger.LogWarning("Seats over the license's limit: {Usage}. Nothing in use was cut; new ones are refused until enough are released.", usage.Message);
        }

        if (!SeatPools.IsConcurrent(pool))
        {
            var file = _file;
            var sinceByPool = new Dictionary<SeatPool, DateTimeOffset>(file.OverLimitSince);
            if (over)
            {
                sinceByPool[pool] = now;
            }
            else
            {
                sinceByPool.Remove(pool);
            }

            // Only since when it is over: if it cannot be saved, the next start counts from then.
            Save(file with { Sequence = file.Sequence + 1, OverLimitSince = sinceByPool });
        }

        LimitChanged?.Invoke(this, new SeatLimitEventArgs(usage));
    }

    private SeatAcquisition Refusal(SeatPool pool, int inUse, int limit)
    {
        var refusal = limit == 0 ? SeatOutcome.NotLicensed : inUse > limit ? SeatOutcome.OverLimit : SeatOutcome.Full;
        return new SeatAcquisition(refusal, SeatMessages.Refused(pool, refusal, inUse, limit, _state, _overLimitSince[(int)pool]));
    }

    private static SeatFile With(SeatFile file, SeatPool pool, NamedSeats seats, long nextOrder) =>
        file with
        {
            Sequence = file.Sequence + 1,
            NextOrder = nextOrder,
            Named = new Dictionary<SeatPool, NamedSeats>(file.Named) { [pool] = seats },
        };

    /// <summary>Saves and publishes <paramref name="next"/>; answers the problem when it could not be saved (then nothing changed).</summary>
    private string? Save(SeatFile next)
    {
        try
        {
            _store.Write(next);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogError("The named seats could not be saved: {Message}", e.Message);
            return SeatMessages.StorageFailed(e.Message);
        }

        _file = next;
        return null;
    }

    private SeatFile Load()
    {
        var file = _store.Read(out var problem);
        if (problem is not null)
        {
            _log.Write("tamper", w => w.WriteString("detail", $"the saved named seats are {problem}; {(file.Named.Count > 0 ? "they were kept, and only the earliest assigned, as many as licensed, are in force" : "a copy was kept as " + SeatStore.FileName + ".unreadable")}"));
            _logger.LogWarning("The saved named seats are {Problem}.", problem);
            if (file.Named.Count == 0)
            {
                // Never lose what an administrator assigned: the next save replaces the file, so keep it first.
                try
                {
                    File.Copy(_store.Path, _store.Path + ".unreadable", overwrite: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _logger.LogError("The unreadable named seats could not be copied aside: {Message}", e.Message);
                }
            }
        }

        return file;
    }

    private static void EnsureNamedSeat(SeatPool pool, string accountId)
    {
        SeatPools.EnsureNamed(pool);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        if (accountId.Length > MaxIdLength || accountId.Any(char.IsControl))
        {
            throw new ArgumentException($"An account id is Motion's stable id for the account: at most {MaxIdLength} characters, no control characters.", nameof(accountId));
        }
    }
}
