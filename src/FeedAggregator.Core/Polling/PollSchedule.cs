using FeedAggregator.Feeds;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Polling;

/// <summary>What the publisher told us about polling: RSS ttl, sy:updatePeriod/updateFrequency, HTTP caching
/// (Cache-Control max-age or Expires), RSS skipHours/skipDays as bit masks (UTC hours; DayOfWeek).</summary>
public sealed record PublisherHints(TimeSpan? Ttl = null, TimeSpan? UpdatePeriod = null, TimeSpan? CacheLifetime = null,
    int SkipHours = 0, int SkipDays = 0);

/// <summary>When to poll next, the interval it came from, and why (shown in `feeds list` and on the status page).</summary>
public sealed record PollPlan(DateTimeOffset Next, TimeSpan Interval, string Reason);

/// <summary>When to poll a feed next, and why. Kept apart from the refresh so the rules are testable
/// with a fake clock.</summary>
public sealed class PollSchedule(IOptions<PollingOptions> options, TimeProvider clock)
{
    private PollingOptions O => options.Value;

    /// <summary>After a successful poll. The estimate from the feed's own publishing history (else Polling:Interval)
    /// is bounded by MinInterval and MaxInterval; then publisher hints only ever lengthen it (never more often than
    /// the publisher asked), up to MaxBackoff so that a absurd Expires cannot silence a feed; then jitter, then
    /// skipHours/skipDays move the time out of the skipped hours.</summary>
    public PollPlan AfterSuccess(TimeSpan? fromHistory, PublisherHints hints)
    {
        var (interval, reason) = fromHistory is { } h ? (h, $"publishing history (every {FeedHealth.Show(h)})") : (O.Interval, "default interval");
        if (interval < O.MinInterval) (interval, reason) = (O.MinInterval, $"minimum interval; {reason}");
        if (interval > O.MaxInterval) (interval, reason) = (O.MaxInterval, $"maximum interval; {reason}");
        foreach (var (floor, what) in new[] { (hints.Ttl, "RSS ttl"), (hints.UpdatePeriod, "sy:updatePeriod"), (hints.CacheLifetime, "Cache-Control/Expires") })
            if (floor is { } f && f > interval) (interval, reason) = (f < O.MaxBackoff ? f : O.MaxBackoff, what);

        var next = clock.GetUtcNow() + interval + Jitter(interval);
        var allowed = OutsideSkipped(next, hints.SkipHours, hints.SkipDays);
        if (allowed != next) (next, reason) = (allowed, reason + "; skipHours/skipDays");
        return new PollPlan(next, interval, reason);
    }

    /// <summary>After the <paramref name="errorCount"/>-th consecutive failure: exponential backoff from the
    /// minimum interval, capped by MaxBackoff (never a permanent stop), never sooner than the server's Retry-After.</summary>
    public PollPlan AfterError(int errorCount, TimeSpan? retryAfter)
    {
        var exponent = Math.Clamp(errorCount - 1, 0, 30);
        var backoff = TimeSpan.FromTicks(Math.Min(O.MinInterval.Ticks * Math.Min(1L << exponent, 1L << 20), O.MaxBackoff.Ticks));
        var reason = $"backoff after {errorCount} error(s)";
        if (retryAfter is { } r && r > backoff) (backoff, reason) = (r < O.MaxBackoff ? r : O.MaxBackoff, "Retry-After");
        return new PollPlan(clock.GetUtcNow() + backoff + Jitter(backoff), backoff, reason);
    }

    /// <summary>A feed whose host is cooling down waits until then, spread over a little extra so that the host's
    /// feeds do not all return in the same second.</summary>
    public DateTimeOffset AfterCooldown(DateTimeOffset notBefore) =>
        notBefore + TimeSpan.FromSeconds(Random.Shared.NextDouble() * Math.Max(1, O.MinInterval.TotalSeconds * O.Jitter));

    /// <summary>Only ever adds, up to Polling:Jitter of the interval, so that a floor (ttl, Retry-After) still holds.</summary>
    private TimeSpan Jitter(TimeSpan interval) => TimeSpan.FromTicks((long)(interval.Ticks * Math.Clamp(O.Jitter, 0, 1) * Random.Shared.NextDouble()));

    /// <summary>The first instant at or after <paramref name="t"/> outside the skipped hours and days (UTC, as RSS
    /// defines them). When every hour is skipped the hints are nonsense and are ignored.</summary>
    internal static DateTimeOffset OutsideSkipped(DateTimeOffset t, int skipHours, int skipDays)
    {
        if ((skipHours & 0xFFFFFF) == 0 && (skipDays & 0x7F) == 0) return t;
        var candidate = t.ToUniversalTime();
        for (var i = 0; i < 24 * 8; i++)
        {
            var skipped = (skipHours >> candidate.Hour & 1) == 1 || (skipDays >> (int)candidate.DayOfWeek & 1) == 1;
            if (!skipped) return candidate;
            candidate = new DateTimeOffset(candidate.Year, candidate.Month, candidate.Day, candidate.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        }
        return t;
    }
}
