using Microsoft.Extensions.Options;

namespace FeedAggregator.Polling;

/// <summary>When to poll a feed next, and why. Kept apart from the refresh so the rules are testable
/// with a fake clock.</summary>
public sealed class PollSchedule(IOptions<PollingOptions> options, TimeProvider clock)
{
    private PollingOptions O => options.Value;

    /// <summary>After a successful poll. Hints from the publisher (RSS ttl, Cache-Control) only ever lengthen
    /// the interval: we never poll more often than the publisher asked.</summary>
    public (DateTimeOffset Next, TimeSpan Interval, string Reason) AfterSuccess(TimeSpan? ttl, TimeSpan? cacheLifetime)
    {
        var interval = O.Interval;
        var reason = "default interval";
        if (ttl is { } t && t > interval) (interval, reason) = (t, "RSS ttl");
        if (cacheLifetime is { } c && c > interval) (interval, reason) = (c, "Cache-Control");
        if (interval < O.MinInterval) (interval, reason) = (O.MinInterval, "minimum interval");
        if (interval > O.MaxInterval) (interval, reason) = (O.MaxInterval, "maximum interval");
        return (clock.GetUtcNow() + Jitter(interval), interval, reason);
    }

    /// <summary>After the <paramref name="errorCount"/>-th consecutive failure: exponential backoff from the
    /// minimum interval, capped, never less than the server's Retry-After.</summary>
    public (DateTimeOffset Next, TimeSpan Interval, string Reason) AfterError(int errorCount, TimeSpan? retryAfter)
    {
        var exponent = Math.Clamp(errorCount - 1, 0, 20);
        var backoff = TimeSpan.FromTicks(Math.Min(O.MinInterval.Ticks * (1L << exponent), O.MaxBackoff.Ticks));
        var reason = $"backoff after {errorCount} error(s)";
        if (retryAfter is { } r && r > backoff) (backoff, reason) = (r, "Retry-After");
        return (clock.GetUtcNow() + Jitter(backoff), backoff, reason);
    }

    /// <summary>Up to ±10% so that feeds added together do not stay in lockstep.</summary>
    private static TimeSpan Jitter(TimeSpan interval) =>
        interval + TimeSpan.FromTicks((long)(interval.Ticks * (Random.Shared.NextDouble() - 0.5) * 0.2));
}
