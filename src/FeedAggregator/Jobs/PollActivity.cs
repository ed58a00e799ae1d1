namespace FeedAggregator.Jobs;

/// <summary>When the scheduler's poll job last showed progress: a pass finished, or a feed of a long pass was done.
/// /readyz turns unready when that is older than three ticks (a stopped scheduler, a stuck pass).</summary>
public sealed class PollActivity(TimeProvider clock)
{
    private long _lastTicks;

    public DateTimeOffset? Last => Interlocked.Read(ref _lastTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public void Touch() => Interlocked.Exchange(ref _lastTicks, clock.GetUtcNow().UtcTicks);
}
