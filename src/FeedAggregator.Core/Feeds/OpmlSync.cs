using FeedAggregator.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Feeds;

/// <summary>Keeps the OPML-origin feeds in the database equal to the Feeds:Opml file. Checked on every
/// scheduler tick by the file's write time: cheaper and more reliable than a file watcher on network disks.</summary>
public sealed class OpmlSync(FeedStore feeds, IOptions<FeedsOptions> options, ILogger<OpmlSync> logger)
{
    private DateTime _syncedWriteTime;

    /// <summary>Why the file could not be used at the last check (missing, unreadable, not OPML), for the status page;
    /// null when it was read, or when Feeds:Opml is empty (no file wanted).</summary>
    public string? Problem
    {
        get;
        private set
        {
            if (field != value) Interlocked.Increment(ref _problemChanges);
            field = value;
        }
    }

    private int _problemChanges;

    /// <summary>Changes whenever <see cref="Problem"/> does: part of the status page's version, which the database's
    /// versions alone would not change for a file problem.</summary>
    public int ProblemVersion => Volatile.Read(ref _problemChanges);

    public async Task SyncIfChangedAsync(CancellationToken ct)
    {
        var path = options.Value.Opml;
        if (string.IsNullOrEmpty(path)) return;
        if (!File.Exists(path))
        {
            // Said once per change of state, not every tick; the subscriptions stay as they were.
            var problem = $"{Path.GetFullPath(path)} (Feeds:Opml) does not exist; no feeds synced from it (relative paths resolve against the working directory, {Directory.GetCurrentDirectory()})";
            if (Problem != problem) logger.LogWarning("{OpmlProblem}", problem);
            Problem = problem;
            _syncedWriteTime = default;
            return;
        }
        var writeTime = File.GetLastWriteTimeUtc(path);
        if (writeTime == _syncedWriteTime) return;

        IReadOnlyList<FeedSubscription> subscriptions;
        var skipped = new List<string>();
        try
        {
            subscriptions = Opml.ReadFile(path, skipped);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            // A half-saved or broken file must not unsubscribe everything: keep what we have.
            logger.LogWarning("Cannot read {OpmlPath}: {Error}; subscriptions left as they were", path, e.Message);
            Problem = $"cannot read {Path.GetFullPath(path)} (Feeds:Opml): {e.Message}; subscriptions left as they were";
            _syncedWriteTime = writeTime;
            return;
        }
        foreach (var s in skipped) logger.LogWarning("{OpmlPath}: {Skipped}", path, s);
        var (added, removed) = await feeds.SyncOpmlAsync(subscriptions, ct);
        _syncedWriteTime = writeTime;
        Problem = null;
        logger.LogInformation("Synced {OpmlPath}: {Count} feeds, {Added} added, {Removed} removed", path, subscriptions.Count, added, removed);
    }
}
