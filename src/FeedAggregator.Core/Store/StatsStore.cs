using Dapper;

namespace FeedAggregator.Store;

/// <summary>Counts over several tables for /metrics and /readyz, read from the database so that the figures are right
/// whichever process (a worker, the CLI) did the polling.</summary>
public sealed class StatsStore(Database db)
{
    public async Task<StatsSnapshot> SnapshotAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var snapshot = await c.QuerySingleAsync<StatsSnapshot>(new CommandDefinition("""
            SELECT (SELECT count(*) FROM feeds WHERE enabled = TRUE AND error_count = 0 AND last_success_at IS NOT NULL) AS FeedsOk,
                   (SELECT count(*) FROM feeds WHERE enabled = TRUE AND error_count = 0 AND last_success_at IS NULL) AS FeedsNew,
                   (SELECT count(*) FROM feeds WHERE enabled = TRUE AND error_count > 0) AS FeedsFailing,
                   (SELECT count(*) FROM feeds WHERE enabled = FALSE) AS FeedsDisabled,
                   (SELECT count(*) FROM articles) AS Articles,
                   (SELECT count(*) FROM stories) AS Stories,
                   (SELECT count(*) FROM stories WHERE source_count > 1) AS MultiSourceStories,
                   (SELECT count(*) FROM digests) AS Digests,
                   (SELECT count(*) FROM digest_deliveries WHERE status = 'sent') AS DeliveriesSent,
                   (SELECT count(*) FROM digest_deliveries WHERE status <> 'sent' AND attempts = 0) AS DeliveriesPending,
                   (SELECT count(*) FROM digest_deliveries WHERE status <> 'sent' AND attempts > 0) AS DeliveriesFailing,
                   (SELECT coalesce(max(last_polled_at), 0) FROM feeds) AS LastPollMs,
                   (SELECT coalesce(max(first_seen_at), 0) FROM articles) AS LastArticleMs
            """, cancellationToken: ct));
        snapshot.DatabaseBytes = db.FilePath is { } file
            ? new[] { file, file + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length)
            : await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT pg_database_size(current_database())", cancellationToken: ct));
        return snapshot;
    }

    public async Task<long> FeedCountAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM feeds", cancellationToken: ct));
    }

    /// <summary>Articles first seen before <paramref name="beforeMs"/> that have no story yet (the story stage is behind).</summary>
    public async Task<long> ArticlesWithoutStoryAsync(long beforeMs, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM articles WHERE story_id IS NULL AND first_seen_at < @beforeMs", new { beforeMs }, cancellationToken: ct));
    }
}

public sealed class StatsSnapshot
{
    public long FeedsOk { get; init; }
    public long FeedsNew { get; init; }
    public long FeedsFailing { get; init; }
    public long FeedsDisabled { get; init; }
    public long Articles { get; init; }
    public long Stories { get; init; }
    public long MultiSourceStories { get; init; }
    public long Digests { get; init; }
    public long DeliveriesSent { get; init; }
    public long DeliveriesPending { get; init; }
    public long DeliveriesFailing { get; init; }
    public long LastPollMs { get; init; }
    public long LastArticleMs { get; init; }
    /// <summary>The SQLite file with its write-ahead log, or the PostgreSQL database.</summary>
    public long DatabaseBytes { get; set; }
}
