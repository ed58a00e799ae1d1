using System.Collections.Concurrent;
using FeedAggregator.Feeds;
using FeedAggregator.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Polling;

/// <summary>One polling pass: refreshes the due feeds with at most Polling:Concurrency at once overall
/// and Polling:PerHostConcurrency at once per host.</summary>
public sealed class Poller(FeedStore feeds, FeedRefresher refresher, IOptions<PollingOptions> options, ILogger<Poller> logger)
{
    // Per-host gates outlive a pass: the scheduler's passes may overlap with `feeds add` refreshes.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hostGates = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IReadOnlyList<RefreshOutcome>> PollAsync(bool all, CancellationToken ct,
        Action<RefreshOutcome>? onOutcome = null)
    {
        var due = await feeds.DueAsync(all, ct);
        if (due.Count == 0) return [];
        logger.LogInformation("Polling {Count} feed(s)", due.Count);

        var outcomes = new ConcurrentQueue<RefreshOutcome>();
        await Parallel.ForEachAsync(due, new ParallelOptions
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
        var gate = _hostGates.GetOrAdd(HostOf(feed.Url), _ => new SemaphoreSlim(Math.Max(1, options.Value.PerHostConcurrency)));
        await gate.WaitAsync(ct);
        try
        {
            return await refresher.RefreshAsync(feed, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : url;
}
