using FeedAggregator.Store;

namespace FeedAggregator.Serving;

/// <summary>The published data's versions as this process last saw them, and since when each has held. Other
/// processes (the CLI, a second service) write too, so the database's counters are the truth: they are read again
/// once <see cref="CheckInterval"/> has passed, and at once after this process committed a write of its own.
/// Between reads a request costs no database work at all.</summary>
public sealed class PublishedVersions(DataVersionStore store, Database db, TimeProvider clock)
{
    /// <summary>How stale a change made by another process may look. Readers poll every few minutes.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(250);

    private readonly Lock _lock = new();
    private PublishedVersion? _current;
    private Task<PublishedVersion>? _reading;

    public ValueTask<PublishedVersion> CurrentAsync()
    {
        var current = Volatile.Read(ref _current);
        var commits = db.Commits;
        if (current is not null && current.Commits == commits && clock.GetElapsedTime(current.CheckedAt) < CheckInterval)
            return new(current);
        Task<PublishedVersion> reading;
        bool mine;
        lock (_lock)
        {
            mine = _reading is null;
            reading = _reading ??= ReadAsync(current, commits);
        }
        // One read at a time: while it runs, others go on with the versions known a moment ago. The request that
        // started it waits, so a change is visible to the next request after it (what a reader re-polling expects).
        return mine || current is null ? new(reading) : new(current);
    }

    private async Task<PublishedVersion> ReadAsync(PublishedVersion? previous, long commits)
    {
        // Forced asynchronous: the finally below must run after the caller stored this task under the lock.
        await Task.Yield();
        try
        {
            var checkedAt = clock.GetTimestamp();
            var now = clock.GetUtcNow();
            // Not the request's token: other requests may be waiting for the same read.
            var v = await store.ReadAsync(CancellationToken.None);
            var next = new PublishedVersion(v, commits, checkedAt,
                previous is not null && previous.Version.Articles == v.Articles ? previous.ArticlesSince : now,
                previous is not null && previous.Version.Feeds == v.Feeds ? previous.FeedsSince : now,
                previous is not null && previous.Version.Digests == v.Digests ? previous.DigestsSince : now);
            Volatile.Write(ref _current, next);
            return next;
        }
        finally
        {
            lock (_lock) _reading = null;
        }
    }
}

/// <summary>The versions read from the database, and when this process first saw each of them: that time is the
/// Last-Modified of what they publish (never earlier than the change, so If-Modified-Since stays safe).</summary>
public sealed record PublishedVersion(DataVersion Version, long Commits, long CheckedAt,
    DateTimeOffset ArticlesSince, DateTimeOffset FeedsSince, DateTimeOffset DigestsSince);
