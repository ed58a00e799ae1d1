using System.Collections.Concurrent;
using FeedAggregator.Store;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Polling;

/// <summary>Polling:PerHostConcurrency: requests at once to one host — feed polls and full-text article pages together —
/// within this process (a gate, no database round trip) and across all workers on one database (the host slots).</summary>
public sealed class HostLimit(HostStore hosts, IOptions<PollingOptions> options)
{
    // The gates outlive a pass: the scheduler's passes may overlap with `feeds add` refreshes and the full-text job.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Waits for a turn at <paramref name="host"/>; disposing the result gives it back.</summary>
    public async Task<IAsyncDisposable> EnterAsync(string host, CancellationToken ct)
    {
        var o = options.Value;
        var perHost = Math.Max(1, o.PerHostConcurrency);
        var gate = _gates.GetOrAdd(host, _ => new SemaphoreSlim(perHost));
        await gate.WaitAsync(ct);
        try
        {
            return new Turn(hosts, gate, host, await TakeSlotAsync(host, perHost, o, ct));
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    /// <summary>Waits for one of the host's request slots shared by all workers. The slot is held for a refresh at most
    /// (a few request timeouts: redirects and discovery); a holder that died frees it then.</summary>
    private async Task<int> TakeSlotAsync(string host, int perHost, PollingOptions o, CancellationToken ct)
    {
        var hold = o.Timeout * 4 < o.Lease ? o.Timeout * 4 : o.Lease;
        for (var attempt = 0; ; attempt++)
        {
            if (await hosts.TryTakeSlotAsync(host, perHost, Poller.WorkerId, hold, ct) is { } slot) return slot;
            // Other workers have the host's slots: ask again shortly (real time: another process's request is what we wait for).
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250, 20 + 10 * attempt) * (0.5 + Random.Shared.NextDouble())), ct);
        }
    }

    private sealed class Turn(HostStore hosts, SemaphoreSlim gate, string host, int slot) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await hosts.ReleaseSlotAsync(host, slot, Poller.WorkerId, CancellationToken.None);
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
