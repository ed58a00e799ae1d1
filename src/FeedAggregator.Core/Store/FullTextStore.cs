using System.Data.Common;
using Dapper;
using FeedAggregator.Feeds;

namespace FeedAggregator.Store;

/// <summary>All SQL on full_text_queue, on articles' extracted content, and on feeds' full-text settings and counts.</summary>
public sealed class FullTextStore(Database db)
{
    /// <summary>Part of the refresh transaction: queues the new articles' pages (a page already queued once never again).</summary>
    internal static async Task EnqueueAsync(DbConnection c, DbTransaction tx, long feedId, IEnumerable<(long ArticleId, string Url)> pages,
        DateTimeOffset now, CancellationToken ct)
    {
        foreach (var (id, url) in pages)
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO full_text_queue (article_id, feed_id, url, next_attempt_at) VALUES (@id, @feedId, @url, @now)
                ON CONFLICT (article_id) DO NOTHING
                """, new { id, feedId, url, now = now.ToMs() }, tx, cancellationToken: ct));
    }

    /// <summary>Takes up to <paramref name="limit"/> due pages until <paramref name="leaseUntil"/> (a claim left by a
    /// process that died is due again then).</summary>
    public Task<IReadOnlyList<FullTextPage>> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct) =>
        db.WriteAsync<IReadOnlyList<FullTextPage>>(async (c, tx) => (await c.QueryAsync<FullTextPage>(new CommandDefinition("""
            UPDATE full_text_queue SET status = 'fetching', next_attempt_at = @leaseUntil
            WHERE article_id IN (SELECT article_id FROM full_text_queue
                                 WHERE status IN ('pending', 'fetching') AND next_attempt_at <= @now ORDER BY next_attempt_at LIMIT @limit)
            RETURNING article_id AS ArticleId, feed_id AS FeedId, url AS Url, attempts AS Attempts
            """, new { now = now.ToMs(), leaseUntil = leaseUntil.ToMs(), limit }, tx, cancellationToken: ct))).AsList(), ct);

    /// <summary>Part of a write transaction: the extracted article becomes the entry's content; changed_at moves so
    /// that outputs and readers see it.</summary>
    internal static Task SucceedAsync(DbConnection c, DbTransaction tx, FullTextPage p, string html, DateTimeOffset now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("""
            UPDATE articles SET full_content = @html, changed_at = @now WHERE id = @ArticleId;
            UPDATE full_text_queue SET status = 'done', attempts = attempts + 1, error = NULL, done_at = @now WHERE article_id = @ArticleId;
            UPDATE feeds SET full_text_fetched = full_text_fetched + 1 WHERE id = @FeedId;
            """, new { p.ArticleId, p.FeedId, html, now = now.ToMs() }, tx, cancellationToken: ct));

    /// <summary>A failed attempt: tried again at <paramref name="retryAt"/>, or (null) given up, the summary kept and the failure counted on the feed.</summary>
    public Task FailAsync(FullTextPage p, string error, DateTimeOffset now, DateTimeOffset? retryAt, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition("""
            UPDATE full_text_queue SET status = CASE WHEN @retry IS NULL THEN 'failed' ELSE 'pending' END, attempts = attempts + 1,
                error = @error, next_attempt_at = coalesce(@retry, next_attempt_at), done_at = CASE WHEN @retry IS NULL THEN @now END
            WHERE article_id = @ArticleId;
            UPDATE feeds SET full_text_failed = full_text_failed + CASE WHEN @retry IS NULL THEN 1 ELSE 0 END, full_text_error = @error WHERE id = @FeedId;
            """, new { p.ArticleId, p.FeedId, error, now = now.ToMs(), retry = retryAt?.ToMs() }, tx, cancellationToken: ct)), ct);

    /// <summary>Gives a claim back without counting an attempt (the process is stopping).</summary>
    public Task ReleaseAsync(FullTextPage p, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE full_text_queue SET status = 'pending', next_attempt_at = @now WHERE article_id = @ArticleId AND status = 'fetching'",
            new { p.ArticleId, now = now.ToMs() }, tx, cancellationToken: ct)), ct);

    /// <summary>`feeds set URL --full-text on|off`, `feeds add --full-text`, the OPML attribute.</summary>
    public async Task<bool> SetAsync(string url, bool on, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("UPDATE feeds SET full_text = @on WHERE url = @url OR subscribed_url = @url",
            new { url, on = on ? 1 : 0 }, cancellationToken: ct)) > 0;
    }
}

public sealed class FullTextPage
{
    public long ArticleId { get; init; }
    public long FeedId { get; init; }
    public string Url { get; init; } = "";
    public int Attempts { get; init; }
}
