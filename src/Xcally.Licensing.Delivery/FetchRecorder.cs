using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xcally.Licensing.Issuing.Ledger;

namespace Xcally.Licensing.Delivery;

/// <summary>
/// Records every fetch in the ledger without a write per request: requests only queue their record; a
/// background writer stores what has queued every <see cref="DeliveryOptions.RecordInterval"/> in one
/// transaction, and what is left when the server stops. The queue is bounded, so a flood cannot grow
/// the server's memory: beyond it records are counted as dropped and logged, and answers go on.
/// </summary>
internal sealed class FetchRecorder(LicenseLedger ledger, DeliveryOptions options, TimeProvider time, ILogger<FetchRecorder> logger) : BackgroundService
{
    public const int QueueLimit = 100_000;

    private readonly Channel<FetchRecord> _queue = System.Threading.Channels.Channel.CreateBounded<FetchRecord>(new BoundedChannelOptions(QueueLimit)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private long _dropped;

    public void Record(FetchRecord fetch)
    {
        if (!_queue.Writer.TryWrite(fetch))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Flush();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RecordInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Flush()
    {
        var batch = new List<FetchRecord>();
        while (batch.Count < QueueLimit && _queue.Reader.TryRead(out var fetch))
        {
            batch.Add(fetch);
        }

        if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
        {
            logger.LogWarning("{Dropped} fetches were not recorded: more came in than the ledger could take.", dropped);
        }

        if (batch.Count == 0)
        {
            return;
        }

        // Only this writer uses its ledger connection, and StopAsync flushes after the loop has ended.
        try
        {
            ledger.RecordFetches(batch);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException)
        {
            logger.LogError("{Count} fetches could not be recorded in the ledger: {Message}", batch.Count, e.Message);
        }
    }
}
