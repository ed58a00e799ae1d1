using System.Collections.Concurrent;
using FeedAggregator.Jobs;
using FeedAggregator.Publish;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Serving;

/// <summary>The HTTP outputs (merged feeds and their pages and filters, /digest.atom, /opml, the status page), each
/// rendered once per data version and then served from memory. A newer version renders once, on the request that
/// first needs it (a few at once, then at most every <see cref="MinRenderInterval"/>); requests arriving while that render runs get the
/// previous rendering, consistent with its own ETag, rather than queueing behind it.</summary>
/// <remarks>ASP.NET Core's output caching was not enough here: its entries are keyed by request, not by a data
/// version known before rendering, so it can neither answer a 304 without a render nor serve the previous rendering
/// while a new one is made.</remarks>
public sealed class RenderedOutputs(TimeProvider clock, PollActivity activity, IOptions<PublishingOptions> options)
{
    /// <summary>Bodies and their compressed forms kept at most; the least recently used outputs go first.</summary>
    public const long MaxBytes = 48L << 20;

    /// <summary>Renders of one output: a burst of <see cref="RenderBurst"/>, then one per this interval. During a polling
    /// pass the data moves with every commit, and readers gain nothing from a rendering per commit; meanwhile the previous
    /// rendering is served, with its own ETag. A change after a quiet spell is rendered at once. While the service's own
    /// pass runs, <see cref="PublishingOptions.RenderIntervalWhilePolling"/> instead: each render of the merged feed and
    /// the status page takes CPU the pass needs, for data that is stale again a moment later.</summary>
    public static readonly TimeSpan MinRenderInterval = TimeSpan.FromMilliseconds(500);
    public const int RenderBurst = 3;

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private long _renders;

    /// <summary>Renders done since start (the tests and the benchmark read it).</summary>
    public long Renders => Interlocked.Read(ref _renders);

    public async ValueTask<Rendering> GetAsync(string key, string version, Func<Task<Rendering>> render)
    {
        var slot = _slots.GetOrAdd(key, _ => new Slot());
        slot.LastUsed = clock.GetTimestamp();
        var current = slot.Current;
        if (current is not null && current.Version == version) return current;

        Task<Rendering> pending;
        bool mine;
        lock (slot)
        {
            // One render per output at a time, even when the data moved again meanwhile: during a pass it moves with
            // every commit, and a render started per commit would pile up.
            mine = slot.Pending is null && (current is null || slot.TakeRenderToken(clock, RenderInterval));
            if (mine) slot.Pending = RenderAsync(slot, render);
            pending = slot.Pending ?? Task.FromResult(current!);
        }
        return !mine && current is not null ? current : await pending;
    }

    private TimeSpan RenderInterval =>
        activity.Polling && options.Value.RenderIntervalWhilePolling > MinRenderInterval ? options.Value.RenderIntervalWhilePolling : MinRenderInterval;

    private async Task<Rendering> RenderAsync(Slot slot, Func<Task<Rendering>> render)
    {
        await Task.Yield(); // the slot's lock is released before any rendering work
        try
        {
            var rendering = await render();
            rendering.Precompress(slot.Current);
            Interlocked.Increment(ref _renders);
            lock (slot)
            {
                slot.Current = rendering;
            }
            Trim();
            return rendering;
        }
        finally
        {
            lock (slot) slot.Pending = null;
        }
    }

    private void Trim()
    {
        var total = _slots.Values.Sum(s => s.Current?.Size ?? 0);
        if (total <= MaxBytes) return;
        foreach (var (key, slot) in _slots.OrderBy(p => p.Value.LastUsed).ToList())
        {
            if (total <= MaxBytes) break;
            total -= slot.Current?.Size ?? 0;
            _slots.TryRemove(new KeyValuePair<string, Slot>(key, slot));
        }
    }

    private sealed class Slot
    {
        public volatile Rendering? Current;
        public Task<Rendering>? Pending;
        public long LastUsed;
        private double _tokens = RenderBurst;
        private long _tokensAt;

        /// <summary>Under the slot's lock.</summary>
        public bool TakeRenderToken(TimeProvider clock, TimeSpan interval)
        {
            var now = clock.GetTimestamp();
            if (_tokensAt != 0) _tokens = Math.Min(RenderBurst, _tokens + clock.GetElapsedTime(_tokensAt, now) / interval);
            _tokensAt = now;
            if (_tokens < 1) return false;
            _tokens -= 1;
            return true;
        }
    }
}
