using System.Data.Common;
using Dapper;
using FeedAggregator.Feeds;

namespace FeedAggregator.Store;

/// <summary>All SQL on full_text_queue, on articles' extracted content, and on feeds' full-text settings and counts.
/// A page is fetched once: the queue has one row per article, and the articles of one page (one canonical URL,
/// whichever feed, tracking parameters or entry id brought them) share one fetch. The first is fetched; the others
/// wait for it ('waiting') or, when it was already read, take its result at once: its content, or its failure.</summary>
public sealed class FullTextStore(Database db)
{
    /// <summary>Part of the refresh transaction: queues the new articles' pages. Returns the articles that took an
    /// earlier article's extracted content of the same page (their rule verdicts are due again).</summary>
    internal static async Task<IReadOnlyList<long>> EnqueueAsync(DbConnection c, DbTransaction tx, long feedId,
        IEnumerable<(long ArticleId, string Url, string CanonicalUrl)> pages, DateTimeOffset now, CancellationToken ct)
    {
        var given = new List<long>();
        foreach (var (id, url, canonicalUrl) in pages)
        {
            var page = await PageAsync(c, tx, canonicalUrl, ct);
            var status = page?.Status switch { null => "pending", "done" or "failed" => page.Status, _ => "waiting" };
            var finished = status is "done" or "failed";
            var inserted = await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO full_text_queue (article_id, feed_id, url, canonical_url, status, error, next_attempt_at, done_at)
                VALUES (@id, @feedId, @url, @canonicalUrl, @status, @error, @now, @doneAt)
                ON CONFLICT (article_id) DO NOTHING
                """, new { id, feedId, url, canonicalUrl, status, error = page?.Error, now = now.ToMs(), doneAt = finished ? now.ToMs() : (long?)null },
                tx, cancellationToken: ct));
            if (inserted == 0 || !finished) continue;
            var source = status == "done" ? page!.ArticleId : (long?)null;
            await TakeResultAsync(c, tx, id, feedId, source, page!.Error, now, ct);
            if (source is not null) given.Add(id);
        }
        return given;
    }

    /// <summary>The row that speaks for a page: one read (its content or failure) first, else one in flight.</summary>
    private static Task<PageState?> PageAsync(DbConnection c, DbTransaction tx, string canonicalUrl, CancellationToken ct) =>
        c.QueryFirstOrDefaultAsync<PageState>(new CommandDefinition("""
            SELECT article_id AS ArticleId, status AS Status, error AS Error FROM full_text_queue WHERE canonical_url = @canonicalUrl
            ORDER BY CASE status WHEN 'done' THEN 0 WHEN 'failed' THEN 2 ELSE 1 END, article_id LIMIT 1
            """, new { canonicalUrl }, tx, cancellationToken: ct));

    /// <summary>Part of the claim's transaction: mends what writers working at once (several processes on PostgreSQL)
    /// or retention can leave behind, so that each page is still fetched once and no article waits for ever. Returns
    /// the articles that took extracted content (their rule verdicts are due again).</summary>
    internal static async Task<IReadOnlyList<long>> ReconcileAsync(DbConnection c, DbTransaction tx, DateTimeOffset now, CancellationToken ct)
    {
        var given = new List<long>();
        // Stored while their page's result was being written by another transaction: they take it now.
        foreach (var canonicalUrl in await c.QueryAsync<string>(new CommandDefinition("""
                     SELECT DISTINCT w.canonical_url FROM full_text_queue w WHERE w.status = 'waiting' AND EXISTS (
                         SELECT 1 FROM full_text_queue r WHERE r.canonical_url = w.canonical_url AND r.status IN ('done', 'failed'))
                     """, transaction: tx, cancellationToken: ct)))
        {
            var page = (await PageAsync(c, tx, canonicalUrl, ct))!;
            given.AddRange(await ShareResultAsync(c, tx, canonicalUrl, page.Status == "done" ? page.ArticleId : null, page.Error, now, ct));
        }
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE full_text_queue SET status = 'waiting'
            WHERE status = 'pending' AND EXISTS (
                SELECT 1 FROM full_text_queue o WHERE o.canonical_url = full_text_queue.canonical_url
                    AND (o.status = 'fetching' OR o.status = 'pending' AND o.article_id < full_text_queue.article_id));
            UPDATE full_text_queue SET status = 'pending', next_attempt_at = @now
            WHERE article_id IN (SELECT min(w.article_id) FROM full_text_queue w WHERE w.status = 'waiting' AND NOT EXISTS (
                    SELECT 1 FROM full_text_queue o WHERE o.canonical_url = w.canonical_url AND o.status IN ('pending', 'fetching'))
                GROUP BY w.canonical_url);
            """, new { now = now.ToMs() }, tx, cancellationToken: ct));
        // The first statement: one page queued twice at once (two transactions each saw it new) is fetched once, the
        // other article waits. The second: the article fetched for the waiting ones is gone (retention deleted it,
        // its queue row with it), so the first of them is fetched instead.
        return given;
    }

    /// <summary>Part of a write transaction: takes up to <paramref name="limit"/> due pages until
    /// <paramref name="leaseUntil"/> (a claim left by a process that died is due again then).</summary>
    internal static async Task<IReadOnlyList<FullTextPage>> ClaimAsync(DbConnection c, DbTransaction tx, DateTimeOffset now, DateTimeOffset leaseUntil,
        int limit, CancellationToken ct) =>
        (await c.QueryAsync<FullTextPage>(new CommandDefinition("""
            UPDATE full_text_queue SET status = 'fetching', next_attempt_at = @leaseUntil
            WHERE article_id IN (SELECT article_id FROM full_text_queue
                                 WHERE status IN ('pending', 'fetching') AND next_attempt_at <= @now ORDER BY next_attempt_at LIMIT @limit)
            RETURNING article_id AS ArticleId, feed_id AS FeedId, url AS Url, canonical_url AS CanonicalUrl, attempts AS Attempts
            """, new { now = now.ToMs(), leaseUntil = leaseUntil.ToMs(), limit }, tx, cancellationToken: ct))).AsList();

    /// <summary>Part of a write transaction: the extracted article becomes the entry's content, and that of every
    /// article waiting for the same page; changed_at moves so that outputs and readers see it. Returns the articles
    /// given the content.</summary>
    internal static async Task<IReadOnlyList<long>> SucceedAsync(DbConnection c, DbTransaction tx, FullTextPage p, string html, DateTimeOffset now,
        CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE articles SET full_content = @html, changed_at = @now WHERE id = @ArticleId;
            UPDATE full_text_queue SET status = 'done', attempts = attempts + 1, error = NULL, done_at = @now WHERE article_id = @ArticleId;
            UPDATE feeds SET full_text_fetched = full_text_fetched + 1 WHERE id = @FeedId;
            """, new { p.ArticleId, p.FeedId, html, now = now.ToMs() }, tx, cancellationToken: ct));
        return [p.ArticleId, .. await ShareResultAsync(c, tx, p.CanonicalUrl, p.ArticleId, null, now, ct)];
    }

    /// <summary>A failed attempt: tried again at <paramref name="retryAt"/>, or (null) given up, the summary kept and
    /// the failure counted on the feed, as it is for every article waiting for the same page.</summary>
    public Task FailAsync(FullTextPage p, string error, DateTimeOffset now, DateTimeOffset? retryAt, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition("""
                UPDATE full_text_queue SET status = CASE WHEN @retry IS NULL THEN 'failed' ELSE 'pending' END, attempts = attempts + 1,
                    error = @error, next_attempt_at = coalesce(@retry, next_attempt_at), done_at = CASE WHEN @retry IS NULL THEN @now END
                WHERE article_id = @ArticleId;
                UPDATE feeds SET full_text_failed = full_text_failed + CASE WHEN @retry IS NULL THEN 1 ELSE 0 END, full_text_error = @error WHERE id = @FeedId;
                """, new { p.ArticleId, p.FeedId, error, now = now.ToMs(), retry = retryAt?.ToMs() }, tx, cancellationToken: ct));
            if (retryAt is null) await ShareResultAsync(c, tx, p.CanonicalUrl, null, error, now, ct);
            return true;
        }, ct);

    /// <summary>The articles waiting for a page take its result: the content extracted for article
    /// <paramref name="source"/>, or (null) the failure <paramref name="error"/>. Returns those given content.</summary>
    private static async Task<IReadOnlyList<long>> ShareResultAsync(DbConnection c, DbTransaction tx, string canonicalUrl, long? source, string? error,
        DateTimeOffset now, CancellationToken ct)
    {
        var waiting = (await c.QueryAsync<(long ArticleId, long FeedId)>(new CommandDefinition("""
            UPDATE full_text_queue SET status = @status, error = @error, done_at = @now WHERE status = 'waiting' AND canonical_url = @canonicalUrl
            RETURNING article_id, feed_id
            """, new { status = source is null ? "failed" : "done", error, now = now.ToMs(), canonicalUrl }, tx, cancellationToken: ct))).AsList();
        foreach (var (articleId, feedId) in waiting) await TakeResultAsync(c, tx, articleId, feedId, source, error, now, ct);
        return source is null ? [] : waiting.Select(w => w.ArticleId).ToList();
    }

    /// <summary>One article takes its page's result without a fetch, counted on its feed as its own fetch would be.</summary>
    private static Task TakeResultAsync(DbConnection c, DbTransaction tx, long articleId, long feedId, long? source, string? error,
        DateTimeOffset now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(source is null
            ? "UPDATE feeds SET full_text_failed = full_text_failed + 1, full_text_error = @error WHERE id = @feedId"
            : """
              UPDATE articles SET full_content = (SELECT s.full_content FROM articles s WHERE s.id = @source), changed_at = @now WHERE id = @articleId;
              UPDATE feeds SET full_text_fetched = full_text_fetched + 1 WHERE id = @feedId;
              """, new { articleId, feedId, source, error, now = now.ToMs() }, tx, cancellationToken: ct));

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

    private sealed class PageState
    {
        public long ArticleId { get; init; }
        public string Status { get; init; } = "";
        public string? Error { get; init; }
    }
}

public sealed class FullTextPage
{
    public long ArticleId { get; init; }
    public long FeedId { get; init; }
    public string Url { get; init; } = "";
    /// <summary>The page's key: the articles that share it share one fetch.</summary>
    public string CanonicalUrl { get; init; } = "";
    public int Attempts { get; init; }
}
