namespace FeedAggregator.Jobs;

/// <summary>When the scheduler's poll job last showed progress: a pass finished, or a feed of a long pass was done.
/// /readyz turns unready when that is older than three ticks (a stopped scheduler, a stuck pass). Also whether a
/// pass is running now: the story stage's tick waits for it (StoryStageJob).</summary>
public sealed class PollActivity(TimeProvider clock)
{
    private long _lastTicks;
    private int _passes;

    public DateTimeOffset? Last => Interlocked.Read(ref _lastTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>Whether a poll pass of this process is running.</summary>
    public bool Polling => Volatile.Read(ref _passes) > 0;

    public void Touch() => Interlocked.Exchange(ref _lastTicks, clock.GetUtcNow().UtcTicks);

    /// <summary>Marks a pass as running until the result is disposed.</summary>
    public IDisposable Pass()
    {
        Interlocked.Increment(ref _passes);
        return new RunningPass(this);
    }

    private sealed class RunningPass(PollActivity activity) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref activity._passes);
        }
    }
}
