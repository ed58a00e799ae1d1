using System.Collections.Concurrent;
using System.Threading.Channels;
using FeedAggregator.Feeds;
using FeedAggregator.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Polling;

/// <summary>One polling pass: claims due feeds in batches (a lease in the database, so that any number of workers on one
/// database never poll a feed twice) and refreshes them with at most Polling:Concurrency at once here and
/// Polling:PerHostConcurrency at once per host across all workers.</summary>
public sealed class Poller(FeedStore feeds, HostLimit hostLimit, FeedRefresher refresher, Telemetry.FeedMetrics metrics, IOptions<PollingOptions> options,
    ILogger<Poller> logger)
{
    /// <summary>This process, as a lease and host-slot holder.</summary>
    public static readonly string WorkerId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    public async Task<IReadOnlyList<RefreshOutcome>> PollAsync(bool all, CancellationToken ct,
        Action<RefreshOutcome>? onOutcome = null)
    {
        // First the feeds a dead process left "in progress": their error is recorded (and they are backed off) before
        // any is claimed, so a feed that crashes the process cannot do so again at once.
        await refresher.RecordInterruptedAsync(ct);
        var o = options.Value;
        var concurrency = Math.Max(1, o.Concurrency);
        // Batches of one round of work: a lease starts at the claim, and a feed claimed long before a slot is free for it
        // would wait out its lease; small batches also spread the feeds over the workers.
        var batch = concurrency;
        var outcomes = new ConcurrentQueue<RefreshOutcome>();
        var queue = Channel.CreateBounded<Feed>(new BoundedChannelOptions(batch) { SingleWriter = true });
        // Claimed but not started: given back if the pass is cancelled, so other workers need not wait for the lease.
        var waiting = new ConcurrentDictionary<long, byte>();
        var seen = new HashSet<long>();

        var claimer = Task.Run(async () =>
        {
            try
            {
                var afterId = 0L;
                while (!ct.IsCancellationRequested)
                {
                    var claimed = await feeds.ClaimAsync(all, afterId, batch, WorkerId, o.Lease, ct);
                    // A feed whose next poll is still due after its refresh comes back in the next batch: once a pass is enough.
                    var fresh = claimed.Where(f => seen.Add(f.Id)).ToList();
                    if (fresh.Count < claimed.Count)
                        await feeds.ReleaseAsync(claimed.Where(f => !fresh.Contains(f)).Select(f => f.Id).ToList(), WorkerId, CancellationToken.None);
                    if (fresh.Count == 0) break;
                    afterId = claimed.Max(f => f.Id);
                    foreach (var feed in fresh) waiting[feed.Id] = 0;
                    foreach (var feed in InterleaveHosts(fresh)) await queue.Writer.WriteAsync(feed, ct);
                }
            }
            finally
            {
                queue.Writer.TryComplete();
            }
        }, ct);

        try
        {
            await Parallel.ForEachAsync(queue.Reader.ReadAllAsync(ct), new ParallelOptions
            {
                MaxDegreeOfParallelism = concurrency,
                CancellationToken = ct,
            }, async (feed, token) =>
            {
                waiting.TryRemove(feed.Id, out _);
                // Checked once the host slot is ours, right before the fetch: a claim that ran out while waiting may be
                // another worker's now, and then that worker polls the feed.
                var outcome = await RefreshOneAsync(feed, token, () => feeds.RenewAsync(feed.Id, WorkerId, o.Lease, token));
                if (outcome is null) return;
                outcomes.Enqueue(outcome);
                onOutcome?.Invoke(outcome);
            });
            await claimer;
        }
        finally
        {
            if (!waiting.IsEmpty) await feeds.ReleaseAsync(waiting.Keys.ToList(), WorkerId, CancellationToken.None);
        }
        if (!outcomes.IsEmpty) logger.LogInformation("Polled {Count} feed(s)", outcomes.Count);
        return outcomes.ToList();
    }

    public async Task<RefreshOutcome> RefreshOneAsync(Feed feed, CancellationToken ct) => (await RefreshOneAsync(feed, ct, null))!;

    /// <summary>Refreshes one feed within the host limits; null when <paramref name="stillMine"/> says its claim is lost.</summary>
    private async Task<RefreshOutcome?> RefreshOneAsync(Feed feed, CancellationToken ct, Func<Task<bool>>? stillMine)
    {
        await using var turn = await hostLimit.EnterAsync(HostCooldowns.HostOf(feed.Url), ct);
        if (stillMine is not null && !await stillMine())
        {
            logger.LogInformation("Claim on {FeedUrl} ran out before its fetch; left to the worker that has it now", feed.Url);
            return null;
        }
        var outcome = await refresher.RefreshAsync(feed, ct);
        metrics.Record(outcome);
        return outcome;
    }

    /// <summary>Round-robin over hosts (each host's feeds keep their due order). A worker waiting at a busy host's
    /// gate holds one of the global slots; taking hosts in turn keeps those slots on hosts that can be served.</summary>
    internal static IEnumerable<Feed> InterleaveHosts(IReadOnlyList<Feed> due)
    {
        var queues = due.GroupBy(f => HostCooldowns.HostOf(f.Url), StringComparer.OrdinalIgnoreCase)
            .Select(g => new Queue<Feed>(g)).ToList();
        while (queues.Count > 0)
        {
            for (var i = 0; i < queues.Count; i++)
                yield return queues[i].Dequeue();
            queues.RemoveAll(q => q.Count == 0);
        }
    }
}
