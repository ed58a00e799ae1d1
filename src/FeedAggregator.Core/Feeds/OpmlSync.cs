using FeedAggregator.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Feeds;

/// <summary>Keeps the OPML-origin feeds in the database equal to the Feeds:Opml file. Checked on every
/// scheduler tick by the file's write time: cheaper and more reliable than a file watcher on network disks.</summary>
public sealed class OpmlSync(FeedStore feeds, IOptions<FeedsOptions> options, ILogger<OpmlSync> logger)
{
    private DateTime _syncedWriteTime;

    public async Task SyncIfChangedAsync(CancellationToken ct)
    {
        var path = options.Value.Opml;
        if (string.IsNullOrEmpty(path) || !File.Exists(path)) return;
        var writeTime = File.GetLastWriteTimeUtc(path);
        if (writeTime == _syncedWriteTime) return;

        IReadOnlyList<FeedSubscription> subscriptions;
        var skipped = new List<string>();
        try
        {
            subscriptions = Opml.ReadFile(path, skipped);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            // A half-saved or broken file must not unsubscribe everything: keep what we have.
            logger.LogError("Cannot read {OpmlPath}: {Error}; subscriptions left as they were", path, e.Message);
            _syncedWriteTime = writeTime;
            return;
        }
        foreach (var s in skipped) logger.LogWarning("{OpmlPath}: {Skipped}", path, s);
        var (added, removed) = await feeds.SyncOpmlAsync(subscriptions, ct);
        _syncedWriteTime = writeTime;
        logger.LogInformation("Synced {OpmlPath}: {Count} feeds, {Added} added, {Removed} removed", path, subscriptions.Count, added, removed);
    }
}
