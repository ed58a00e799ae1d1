using System.Collections.Concurrent;
using FeedAggregator.Feeds;
using FeedAggregator.Store;
using Microsoft.Extensions.Logging;

namespace FeedAggregator.Polling;

/// <summary>Per-host "not before" times set by a 429 or 503: a publisher that says "slow down" means every feed
/// it serves, on every worker. The database holds them (a restart or another worker does not hammer the host again);
/// memory holds a copy for the poller's hot path that reloads every few seconds, so another worker's cooldown is
/// obeyed here within that time.</summary>
public sealed class HostCooldowns(HostStore store, TimeProvider clock, ILogger<HostCooldowns> logger)
{
    /// <summary>How stale the in-memory copy may get.</summary>
    internal static readonly TimeSpan Reload = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _notBefore = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private long _loadedAt;

    private bool Stale => clock.GetUtcNow().ToMs() - Interlocked.Read(ref _loadedAt) >= (long)Reload.TotalMilliseconds;

    /// <summary>Until when <paramref name="host"/> must not be asked, or null when it may be.</summary>
    public async ValueTask<DateTimeOffset?> NotBeforeAsync(string host, CancellationToken ct)
    {
        if (Stale) await LoadAsync(ct);
        return _notBefore.TryGetValue(host, out var until) && until > clock.GetUtcNow() ? until : null;
    }

    public async Task CoolDownAsync(string host, DateTimeOffset until, string reason, CancellationToken ct)
    {
        _notBefore.AddOrUpdate(host, until, (_, old) => old > until ? old : until);
        logger.LogWarning("Host {Host} cooling down until {NotBefore:yyyy-MM-ddTHH:mm:ssK}: {Reason}", host, until, reason);
        await store.SetCooldownAsync(host, until, reason, ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await _loadLock.WaitAsync(ct);
        try
        {
            if (!Stale) return;
            foreach (var (host, notBefore) in await store.CooldownsAsync(ct))
                _notBefore.AddOrUpdate(host, UnixTime.FromMs(notBefore), (_, old) => old > UnixTime.FromMs(notBefore) ? old : UnixTime.FromMs(notBefore));
            Interlocked.Exchange(ref _loadedAt, clock.GetUtcNow().ToMs());
        }
        finally
        {
            _loadLock.Release();
        }
    }

    /// <summary>The key of a feed's host: what per-host limits and cooldowns apply to.</summary>
    public static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.IdnHost : url;
}
