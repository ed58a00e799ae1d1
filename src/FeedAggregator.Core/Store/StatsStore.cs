using Dapper;

namespace FeedAggregator.Store;

/// <summary>Counts over several tables for /metrics and /healthz, read from the database so that the figures are right
/// whichever process (a worker, the CLI) did the polling.</summary>
public sealed class StatsStore(Database db)
{
    public async Task<StatsSnapshot> SnapshotAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleAsync<StatsSnapshot>(new CommandDefinition("""
            SELECT (SELECT count(*) FROM feeds WHERE enabled = TRUE AND error_count = 0) AS FeedsOk,
                   (SELECT count(*) FROM feeds WHERE enabled = TRUE AND error_count > 0) AS FeedsFailing,
                   (SELECT count(*) FROM feeds WHERE enabled = FALSE) AS FeedsDisabled,
                   (SELECT count(*) FROM articles) AS Articles,
                   (SELECT count(*) FROM stories) AS Stories,
                   (SELECT count(*) FROM stories WHERE source_count > 1) AS MultiSourceStories,
                   (SELECT coalesce(max(last_polled_at), 0) FROM feeds) AS LastPollMs,
                   (SELECT coalesce(max(first_seen_at), 0) FROM articles) AS LastArticleMs
            """, cancellationToken: ct));
    }

    public async Task<long> FeedCountAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM feeds", cancellationToken: ct));
    }
}

public sealed class StatsSnapshot
{
    public long FeedsOk { get; init; }
    public long FeedsFailing { get; init; }
    public long FeedsDisabled { get; init; }
    public long Articles { get; init; }
    public long Stories { get; init; }
    public long MultiSourceStories { get; init; }
    public long LastPollMs { get; init; }
    public long LastArticleMs { get; init; }
}
