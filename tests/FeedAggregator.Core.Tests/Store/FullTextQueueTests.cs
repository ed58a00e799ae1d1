using Dapper;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;
using FeedAggregator.Parse;
using FeedAggregator.Store;
using Microsoft.Extensions.Time.Testing;

namespace FeedAggregator.Core.Tests.Store;

/// <summary>The full-text queue's "a page is fetched once" where writers meet: what two transactions queueing the same
/// page at once (several processes on PostgreSQL) or retention deleting the article being fetched leave behind is
/// mended at the next claim, so that one fetch serves every article of the page and none waits for ever.</summary>
public abstract class FullTextQueueTests(string provider) : IDisposable
{
    private const string Page = "https://news.example/bridge.html";
    private readonly TestDatabase _t = new(provider);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _t.Dispose();

    private DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>A feed with one stored article linking to <paramref name="link"/>: (feed id, article id).</summary>
    private async Task<(long Feed, long Article)> ArticleAsync(string feedUrl, string link)
    {
        var feed = await StoredArticles.AddFeedAsync(_t.Db, _clock, feedUrl);
        var article = await _t.Db.WriteAsync(async (c, tx) => (await ArticleStore.UpsertAsync(c, tx, feed, feedUrl,
            ArticleDraft.From([new ParsedEntry { Id = link, Title = "Bridge reopens", Link = link }], Now), Now, default)).Added.Single().Id, default);
        return (feed, article);
    }

    private Task<IReadOnlyList<long>> EnqueueAsync((long Feed, long Article) a, string url) =>
        _t.Db.WriteAsync((c, tx) => FullTextStore.EnqueueAsync(c, tx, a.Feed, [(a.Article, url, CanonicalUrl.Canonicalize(url))], Now, default), default);

    private Task<(IReadOnlyList<long> Given, IReadOnlyList<FullTextPage> Claimed)> ClaimAsync() =>
        _t.Db.WriteAsync(async (c, tx) => (await FullTextStore.ReconcileAsync(c, tx, Now, default),
            await FullTextStore.ClaimAsync(c, tx, Now, Now.AddMinutes(2), 10, default)), default);

    private async Task<string?> StatusAsync(long article)
    {
        await using var c = await _t.Db.OpenAsync(default);
        return await c.ExecuteScalarAsync<string?>("SELECT status FROM full_text_queue WHERE article_id = @article", new { article });
    }

    private async Task<(string? Content, long Fetched, long Failed)> ArticleStateAsync((long Feed, long Article) a)
    {
        await using var c = await _t.Db.OpenAsync(default);
        return (await c.ExecuteScalarAsync<string?>("SELECT full_content FROM articles WHERE id = @Article", new { a.Article }),
            await c.ExecuteScalarAsync<long>("SELECT full_text_fetched FROM feeds WHERE id = @Feed", new { a.Feed }),
            await c.ExecuteScalarAsync<long>("SELECT full_text_failed FROM feeds WHERE id = @Feed", new { a.Feed }));
    }

    [SkippableFact]
    public async Task One_page_queued_twice_by_transactions_that_ran_at_once_is_fetched_once_and_both_articles_take_its_content()
    {
        await _t.Db.MigrateAsync(default);
        var first = await ArticleAsync("https://gazette.example/rss", Page);
        var second = await ArticleAsync("https://wire.example/rss", Page + "?utm_source=x");
        // What two refreshes leave when each queued the page before seeing the other's row.
        await using (var c = await _t.Db.OpenAsync(default))
            await c.ExecuteAsync("""
                INSERT INTO full_text_queue (article_id, feed_id, url, canonical_url, next_attempt_at) VALUES (@a1, @f1, @u1, @page, @now), (@a2, @f2, @u2, @page, @now)
                """, new { a1 = first.Article, f1 = first.Feed, u1 = Page, a2 = second.Article, f2 = second.Feed, u2 = Page + "?utm_source=x", page = Page, now = Now.ToMs() });

        var (_, claimed) = await ClaimAsync();
        var page = Assert.Single(claimed);
        Assert.Equal(first.Article, page.ArticleId);
        Assert.Equal("waiting", await StatusAsync(second.Article));

        var given = await _t.Db.WriteAsync((c, tx) => FullTextStore.SucceedAsync(c, tx, page, "<p>The bridge reopened at dawn.</p>", Now, default), default);
        Assert.Equal(new[] { first.Article, second.Article }, given.Order());
        Assert.Equal(("<p>The bridge reopened at dawn.</p>", 1L, 0L), await ArticleStateAsync(second));
        Assert.Empty((await ClaimAsync()).Claimed);
    }

    [SkippableFact]
    public async Task An_article_waiting_for_a_page_whose_fetched_article_was_deleted_is_fetched_itself_and_a_later_failure_is_shared()
    {
        await _t.Db.MigrateAsync(default);
        var first = await ArticleAsync("https://gazette.example/rss", Page);
        var second = await ArticleAsync("https://wire.example/rss", Page + "#top");
        var third = await ArticleAsync("https://city.example/rss", "https://www.news.example/bridge.html");
        Assert.Empty(await EnqueueAsync(first, Page));
        Assert.Single((await ClaimAsync()).Claimed);
        Assert.Empty(await EnqueueAsync(second, Page + "#top"));
        Assert.Empty(await EnqueueAsync(third, "https://www.news.example/bridge.html"));
        Assert.Equal("waiting", await StatusAsync(second.Article));

        // Retention deletes the article being fetched, and its queue row with it.
        await using (var c = await _t.Db.OpenAsync(default))
            await c.ExecuteAsync("DELETE FROM articles WHERE id = @Article", new { first.Article });
        var page = Assert.Single((await ClaimAsync()).Claimed);
        Assert.Equal(second.Article, page.ArticleId);
        Assert.Equal("waiting", await StatusAsync(third.Article));

        await new FullTextStore(_t.Db).FailAsync(page, "full text of the page: HTTP 404", Now, null, default);
        Assert.Equal("failed", await StatusAsync(third.Article));
        Assert.Equal(((string?)null, 0L, 1L), await ArticleStateAsync(third));
        Assert.Empty((await ClaimAsync()).Claimed);
    }

    [SkippableFact]
    public async Task An_article_queued_while_its_page_result_was_being_written_takes_that_result_at_the_next_claim_without_a_fetch()
    {
        await _t.Db.MigrateAsync(default);
        var first = await ArticleAsync("https://gazette.example/rss", Page);
        var second = await ArticleAsync("https://wire.example/rss", Page);
        Assert.Empty(await EnqueueAsync(first, Page));
        var page = Assert.Single((await ClaimAsync()).Claimed);
        await _t.Db.WriteAsync((c, tx) => FullTextStore.SucceedAsync(c, tx, page, "<p>The bridge reopened at dawn.</p>", Now, default), default);
        // The other transaction saw the page in flight and committed after the result: its article waits.
        await using (var c = await _t.Db.OpenAsync(default))
            await c.ExecuteAsync("""
                INSERT INTO full_text_queue (article_id, feed_id, url, canonical_url, status, next_attempt_at) VALUES (@Article, @Feed, @url, @url, 'waiting', @now)
                """, new { second.Article, second.Feed, url = Page, now = Now.ToMs() });

        var (given, claimed) = await ClaimAsync();
        Assert.Equal(new[] { second.Article }, given);
        Assert.Empty(claimed);
        Assert.Equal(("<p>The bridge reopened at dawn.</p>", 1L, 0L), await ArticleStateAsync(second));
        // A page already read serves a new article at once, when it is queued.
        var third = await ArticleAsync("https://city.example/rss", Page + "?utm_campaign=spring");
        Assert.Equal(new[] { third.Article }, await EnqueueAsync(third, Page + "?utm_campaign=spring"));
        Assert.Equal("done", await StatusAsync(third.Article));
    }
}

public sealed class SqliteFullTextQueueTests() : FullTextQueueTests(StorageOptions.Sqlite);

public sealed class PostgresFullTextQueueTests() : FullTextQueueTests(StorageOptions.Postgres);
