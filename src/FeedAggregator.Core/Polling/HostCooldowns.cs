using System.Collections.Concurrent;
using FeedAggregator.Feeds;
using FeedAggregator.Store;
using Microsoft.Extensions.Logging;

namespace FeedAggregator.Polling;

/// <summary>Per-host "not before" times set by a 429 or 503: a publisher that says "slow down" means every feed
/// it serves. Kept in memory for the poller's hot path and in SQLite so that a restart does not hammer it again.</summary>
public sealed class HostCooldowns(FeedStore store, TimeProvider clock, ILogger<HostCooldowns> logger)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _notBefore = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private volatile bool _loaded;

    /// <summary>Until when <paramref name="host"/> must not be asked, or null when it may be.</summary>
    public async ValueTask<DateTimeOffset?> NotBeforeAsync(string host, CancellationToken ct)
    {
        if (!_loaded) await LoadAsync(ct);
        return _notBefore.TryGetValue(host, out var until) && until > clock.GetUtcNow() ? until : null;
    }

    public async Task CoolDownAsync(string host, DateTimeOffset until, string reason, CancellationToken ct)
    {
        if (!_loaded) await LoadAsync(ct);
        _notBefore.AddOrUpdate(host, until, (_, old) => old > until ? old : until);
        logger.LogWarning("Host {Host} cooling down until {NotBefore:yyyy-MM-ddTHH:mm:ssK}: {Reason}", host, until, reason);
        await store.SetHostCooldownAsync(host, until, reason, ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await _loadLock.WaitAsync(ct);
        try
        {
            if (_loaded) return;
            foreach (var (host, notBefore) in await store.HostCooldownsAsync(ct))
                _notBefore.AddOrUpdate(host, UnixTime.FromMs(notBefore), (_, old) => old > UnixTime.FromMs(notBefore) ? old : UnixTime.FromMs(notBefore));
            _loaded = true;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    /// <summary>The key of a feed's host: what per-host limits and cooldowns apply to.</summary>
    public static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.IdnHost : url;
}
