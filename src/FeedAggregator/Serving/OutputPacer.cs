using System.Threading.RateLimiting;
using FeedAggregator.Jobs;
using FeedAggregator.Publish;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Serving;

/// <summary>
/// While this process polls, the HTTP outputs answer at most <see cref="PublishingOptions.RequestsPerSecondWhilePolling"/>
/// requests per second; the others wait their turn in a token bucket's queue (asynchronously: no thread held). Readers
/// served as fast as the machine allows take the cores a pass needs, while a reader waiting a few milliseconds more
/// notices nothing. Idle, nothing is paced.
/// </summary>
/// <remarks>The bucket is System.Threading.RateLimiting's, refilled by a thread of its own: its automatic refill runs
/// on a thread-pool timer, which a busy pass delays by tens of milliseconds, so it paced far below its rate.</remarks>
public sealed class OutputPacer : IDisposable
{
    // More than a burst of thousands waiting is refused (503) rather than held in memory.
    private const int MaxQueued = 8192;
    // Refills come this often while requests may wait; between passes the thread only looks whether one began.
    private static readonly TimeSpan Refill = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan IdleCheck = TimeSpan.FromMilliseconds(50);

    private readonly PollActivity _polling;
    private readonly TokenBucketRateLimiter? _bucket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lazy<Thread> _refiller;

    public OutputPacer(PollActivity polling, IOptions<PublishingOptions> options)
    {
        _polling = polling;
        var rate = options.Value.RequestsPerSecondWhilePolling;
        if (rate > 0)
        {
            _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                // A few milliseconds' worth at once, so a quiet spell does not bank a burst.
                TokenLimit = Math.Max(1, rate / 200), TokensPerPeriod = rate, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                AutoReplenishment = false, QueueLimit = MaxQueued, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }
        _refiller = new Lazy<Thread>(() =>
        {
            var thread = new Thread(RefillWhilePolling) { IsBackground = true, Name = "output pacer" };
            thread.Start();
            return thread;
        });
    }

    /// <summary>Completes when the request may be answered: at once when idle or unpaced. False when too many wait.</summary>
    public async ValueTask<bool> WaitTurnAsync(CancellationToken ct)
    {
        if (_bucket is null || !_polling.Polling) return true;
        _ = _refiller.Value;
        using var lease = await _bucket.AcquireAsync(1, ct);
        return lease.IsAcquired;
    }

    private void RefillWhilePolling()
    {
        var bucket = _bucket!;
        while (!_stop.IsCancellationRequested)
        {
            // After a pass, those still queued drain at the pace; then the thread idles.
            var active = _polling.Polling || bucket.GetStatistics()?.CurrentQueuedCount > 0;
            Thread.Sleep(active ? Refill : IdleCheck);
            bucket.TryReplenish();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        if (_refiller.IsValueCreated) _refiller.Value.Join(TimeSpan.FromSeconds(1));
        _bucket?.Dispose();
        _stop.Dispose();
    }
}
