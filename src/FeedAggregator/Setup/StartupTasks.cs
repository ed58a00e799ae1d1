using FeedAggregator.Feeds;
using FeedAggregator.Rules;
using FeedAggregator.Store;

namespace FeedAggregator.Setup;

/// <summary>Runs before the scheduler starts (hosted services start in registration order): the schema is
/// migrated and the OPML synced before any job or request touches the database. Taking ServiceStart here fixes it
/// at the start, not at the first request that needs it.</summary>
public sealed class StartupTasks(Database db, OpmlSync opml, RulesService rules, Publish.ServiceStart started) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        _ = started;
        await db.MigrateAsync(ct);
        // Articles waiting for a story (stored by `poll`, or before stories existed) are the story stage's first run.
        await opml.SyncIfChangedAsync(ct);
        // The Rules section as it is now, applied to every stored article when it changed since the last start.
        await rules.SyncConfigAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
