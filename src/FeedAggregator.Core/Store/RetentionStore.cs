using Dapper;
using FeedAggregator.Feeds;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Store;

/// <summary>Deletes what is older than Retention:Days, in one write transaction.</summary>
public sealed class RetentionStore(Database db, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionStore> logger)
{
    public async Task<(int Articles, int Stories)> PurgeAsync(CancellationToken ct)
    {
        var days = options.Value.Days;
        if (days <= 0) return (0, 0);
        var cutoff = (clock.GetUtcNow() - TimeSpan.FromDays(days)).ToMs();
        var result = await db.WriteAsync(async (c, tx) =>
        {
            // A story goes as a whole once its newest article is past the cutoff, so that no story loses its lead.
            var articles = await c.ExecuteAsync(new CommandDefinition("""
                DELETE FROM articles WHERE first_seen_at < @cutoff
                  AND (story_id IS NULL OR story_id NOT IN (SELECT story_id FROM articles WHERE first_seen_at >= @cutoff AND story_id IS NOT NULL))
                """, new { cutoff }, tx, cancellationToken: ct));
            var stories = await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM stories WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = stories.id)",
                transaction: tx, cancellationToken: ct));
            return (articles, stories);
        }, ct);
        logger.LogInformation("Retention: deleted {Articles} articles and {Stories} stories first seen more than {Days} days ago",
            result.articles, result.stories, days);
        return result;
    }
}
