using Dapper;
using FeedAggregator.Feeds;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Store;

/// <summary>Deletes what is older than Retention:Days, in one write transaction, except each feed's newest
/// Retention:KeepPerFeed entries; the identities of deleted entries become tombstones.</summary>
public sealed class RetentionStore(Database db, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionStore> logger)
{
    // The articles to delete: first seen before the cutoff, not among their feed's newest @keep (by date), and not in a
    // story that keeps a member — a story goes as a whole, so that no story loses its lead.
    private const string Doomed = """
        WITH ranked AS (
            SELECT id, feed_id, entry_key, story_id, first_seen_at,
                   row_number() OVER (PARTITION BY feed_id ORDER BY sort_at DESC, id DESC) AS rank
            FROM articles),
        kept_stories AS (
            SELECT DISTINCT story_id FROM ranked WHERE story_id IS NOT NULL AND (first_seen_at >= @cutoffMs OR rank <= @keep))
        SELECT id, feed_id, entry_key FROM ranked
        WHERE first_seen_at < @cutoffMs AND rank > @keep
          AND (story_id IS NULL OR story_id NOT IN (SELECT story_id FROM kept_stories))
        """;

    public async Task<(int Articles, int Stories)> PurgeAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (o.Days <= 0) return (0, 0);
        var now = clock.GetUtcNow();
        var parameters = new { cutoffMs = (now - TimeSpan.FromDays(o.Days)).ToMs(), keep = o.KeepPerFeed, nowMs = now.ToMs() };
        var result = await db.WriteAsync(async (c, tx) =>
        {
            var pruned = await TombstoneStore.PruneAsync(c, tx, parameters.cutoffMs, ct);
            await TombstoneStore.BuryAsync(c, tx, Doomed, parameters, ct);
            var articles = await c.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM articles WHERE id IN (SELECT id FROM ({Doomed}) AS doomed)", parameters, tx, cancellationToken: ct));
            var stories = await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM stories WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = stories.id)",
                transaction: tx, cancellationToken: ct));
            return (articles, stories, pruned);
        }, ct);
        logger.LogInformation("Retention: deleted {Articles} articles and {Stories} stories first seen more than {Days} days ago " +
            "(each feed's newest {KeepPerFeed} kept); {Pruned} tombstones of entries gone from their feeds forgotten",
            result.articles, result.stories, o.Days, o.KeepPerFeed, result.pruned);
        return (result.articles, result.stories);
    }
}
