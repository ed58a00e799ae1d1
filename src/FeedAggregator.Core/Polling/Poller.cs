using System.Collections.Concurrent;
using FeedAggregator.Feeds;
using FeedAggregator.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Polling;

/// <summary>One polling pass: refreshes the due feeds with at most Polling:Concurrency at once overall
/// and Polling:PerHostConcurrency at once per host.</summary>
public sealed class Poller(FeedStore feeds, FeedRefresher refresher, Telemetry.FeedMetrics metrics, IOptions<PollingOptions> options, ILogger<Poller> logger)
{
    // Per-host gates outlive a pass: the scheduler's passes may overlap with `feeds add` refreshes.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hostGates = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IReadOnlyList<RefreshOutcome>> PollAsync(bool all, CancellationToken ct,
        Action<RefreshOutcome>? onOutcome = null)
    {
        var due = await feeds.DueAsync(all, ct);
        if (due.Count == 0) return [];
        logger.LogDebug("Polling {Count} feed(s)", due.Count);

        var outcomes = new ConcurrentQueue<RefreshOutcome>();
        await Parallel.ForEachAsync(InterleaveHosts(due), new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, options.Value.Concurrency),
            CancellationToken = ct,
        }, async (feed, token) =>
        {
            var outcome = await RefreshOneAsync(feed, token);
            outcomes.Enqueue(outcome);
            onOutcome?.Invoke(outcome);
        });
        return outcomes.ToList();
    }

    public async Task<RefreshOutcome> RefreshOneAsync(Feed feed, CancellationToken ct)
    {
        var gate = _hostGates.GetOrAdd(HostCooldowns.HostOf(feed.Url), _ => new SemaphoreSlim(Math.Max(1, options.Value.PerHostConcurrency)));
        await gate.WaitAsync(ct);
        try
        {
            var outcome = await refresher.RefreshAsync(feed, ct);
            metrics.Record(outcome);
            return outcome;
        }
        finally
        {
            gate.Release();
        }
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
