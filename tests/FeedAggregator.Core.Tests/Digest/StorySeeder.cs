using System.Data.Common;
using Dapper;
using FeedAggregator.Feeds;
using FeedAggregator.Store;

namespace FeedAggregator.Tests.Digest;

/// <summary>Writes feeds, articles and stories straight into a migrated database, with the first-seen times a
/// digest test needs (the real pipeline stamps "now"). Shared by both test projects (linked file).</summary>
public sealed class StorySeeder(Database db)
{
    private int _entries;

    public sealed record Source(long FeedId, string Title, string? Url = null, string Summary = "<p>Something happened. Details follow.</p>");

    public async Task<long> FeedAsync(string title, string? category, DateTimeOffset createdAt, string? lastError = null, int errorCount = 0)
    {
        await using var c = await db.OpenAsync(default);
        var slug = new string(title.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
        return await c.ExecuteScalarAsync<long>("""
            INSERT INTO feeds (url, title, site_url, category, created_at, last_success_at, last_error, error_count, last_error_at, next_poll_at)
            VALUES (@url, @title, @site, @category, @created, @created, @lastError, @errorCount, CASE WHEN @errorCount > 0 THEN @created END,
                    4102444800000) -- next poll in 2100: a running host never fetches these made-up addresses
            RETURNING id
            """, new { url = $"https://{slug}.example/feed.xml", title, site = $"https://{slug}.example/", category, created = createdAt.ToMs(), lastError, errorCount });
    }

    /// <summary>An article first seen at <paramref name="firstSeen"/> that waits for the story stage (no story yet), as a
    /// poll stores it.</summary>
    public async Task<long> WaitingArticleAsync(DateTimeOffset firstSeen, Source s)
    {
        await using var c = await db.OpenAsync(default);
        var key = $"e{Interlocked.Increment(ref _entries)}";
        return await c.ExecuteScalarAsync<long>("""
            INSERT INTO articles (feed_id, entry_key, url, title, summary, first_seen_at, changed_at, sort_at, content_hash)
            VALUES (@FeedId, @key, @url, @Title, @Summary, @at, @at, @at, @key) RETURNING id
            """, new { s.FeedId, key, url = s.Url ?? $"https://news.example/{key}", s.Title, s.Summary, at = firstSeen.ToMs() });
    }

    /// <summary>One story first seen at <paramref name="firstSeen"/>, carried by each source in turn (the first is the lead).</summary>
    public async Task<long> StoryAsync(DateTimeOffset firstSeen, params Source[] sources)
    {
        await using var c = await db.OpenAsync(default);
        return await StoryAsync(c, null, firstSeen, sources);
    }

    /// <summary>The same inside a caller's transaction, as a poll writes it.</summary>
    public async Task<long> StoryAsync(DbConnection c, DbTransaction? tx, DateTimeOffset firstSeen, params Source[] sources)
    {
        var ids = new List<long>();
        foreach (var s in sources)
        {
            var key = $"e{Interlocked.Increment(ref _entries)}";
            ids.Add(await c.ExecuteScalarAsync<long>("""
                INSERT INTO articles (feed_id, entry_key, url, title, summary, first_seen_at, changed_at, sort_at, content_hash)
                VALUES (@FeedId, @key, @url, @Title, @Summary, @at, @at, @at, @key) RETURNING id
                """, new { s.FeedId, key, url = s.Url ?? $"https://news.example/{key}", s.Title, s.Summary, at = firstSeen.ToMs() }, tx));
        }
        var story = await c.ExecuteScalarAsync<long>("""
            INSERT INTO stories (story_key, lead_article_id, first_seen_at, updated_at, sort_at, source_count)
            VALUES (@key, @lead, @at, @at, @at, @count) RETURNING id
            """, new { key = $"s{ids[0]}", lead = ids[0], at = firstSeen.ToMs(), count = sources.Select(s => s.FeedId).Distinct().Count() }, tx);
        await c.ExecuteAsync($"UPDATE articles SET story_id = @story WHERE {SqlDialect.Of(c).InList("id", "@ids")}", new { story, ids }, tx);
        return story;
    }
}
