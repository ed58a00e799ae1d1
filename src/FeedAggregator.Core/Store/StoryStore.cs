using System.Data.Common;
using Dapper;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;

namespace FeedAggregator.Store;

/// <summary>All SQL on the stories table and on articles' story membership.</summary>
public sealed class StoryStore(Database db)
{
    /// <summary>Newest stories first, keyset-paged; each with its articles, lead first then by arrival.
    /// ?category= and ?feed= keep the stories that have an article from such a feed. An article still waiting for the
    /// story stage is a story of its own here (id: minus the article's id, key: the one its own story will get), so
    /// nothing polled is missing from the merged feed while the stage catches up.</summary>
    public async Task<IReadOnlyList<Story>> LatestAsync(ArticleQuery q, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var stories = (await c.QueryAsync<StoryRow>(new CommandDefinition($"""
            SELECT * FROM (
                SELECT s.id AS Id, s.story_key AS StoryKey, s.lead_article_id AS LeadArticleId, s.first_seen_at AS FirstSeenAt,
                       s.updated_at AS UpdatedAt, s.sort_at AS SortAt
                FROM stories s
                WHERE s.lead_article_id IS NOT NULL
                  AND ((@CategoryFilter IS NULL AND @FeedUrl IS NULL) OR EXISTS (
                        SELECT 1 FROM articles a JOIN feeds f ON f.id = a.feed_id
                        WHERE a.story_id = s.id AND a.hidden = 0 AND (@CategoryFilter IS NULL OR {db.Dialect.InList("f.category", "@CategoryList")}) AND (@FeedUrl IS NULL OR f.url = @FeedUrl)))
                  AND (@BeforeSortAt IS NULL OR (s.sort_at, s.id) < (@BeforeSortAt, @BeforeId))
                ORDER BY s.sort_at DESC, s.id DESC
                LIMIT @Limit) AS stored
            UNION ALL
            SELECT * FROM (
                SELECT -a.id AS Id, '' AS StoryKey, a.id AS LeadArticleId, a.first_seen_at AS FirstSeenAt, a.changed_at AS UpdatedAt, a.sort_at AS SortAt
                FROM articles a JOIN feeds f ON f.id = a.feed_id
                WHERE a.story_id IS NULL AND a.hidden = 0
                  AND (@CategoryFilter IS NULL OR {db.Dialect.InList("f.category", "@CategoryList")}) AND (@FeedUrl IS NULL OR f.url = @FeedUrl)
                  AND (@BeforeSortAt IS NULL OR (a.sort_at, -a.id) < (@BeforeSortAt, @BeforeId))
                ORDER BY a.sort_at DESC, a.id
                LIMIT @Limit) AS waiting
            ORDER BY SortAt DESC, Id DESC
            LIMIT @Limit
            """, new { CategoryFilter = q.Categories is null ? null : "on", CategoryList = q.Categories ?? [], q.FeedUrl, BeforeSortAt = q.Before?.SortAt, BeforeId = q.Before?.Id, q.Limit },
            cancellationToken: ct))).AsList();
        return await WithArticlesAsync(c, stories, ct);
    }

    /// <summary>Stories first seen in [from, to), for the digest; articles still waiting for the story stage are stories
    /// of their own (as in <see cref="LatestAsync"/>: a preview; a digest is closed only once none waits).</summary>
    public async Task<IReadOnlyList<Story>> FirstSeenBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var stories = (await c.QueryAsync<StoryRow>(new CommandDefinition("""
            SELECT id AS Id, story_key AS StoryKey, lead_article_id AS LeadArticleId, first_seen_at AS FirstSeenAt,
                   updated_at AS UpdatedAt, sort_at AS SortAt
            FROM stories WHERE first_seen_at >= @from AND first_seen_at < @to AND lead_article_id IS NOT NULL
            UNION ALL
            SELECT -id, '', id, first_seen_at, changed_at, sort_at
            FROM articles WHERE story_id IS NULL AND hidden = 0 AND first_seen_at >= @from AND first_seen_at < @to
            ORDER BY SortAt DESC, Id DESC
            """, new { from = from.ToMs(), to = to.ToMs() }, cancellationToken: ct))).AsList();
        return await WithArticlesAsync(c, stories, ct);
    }

    /// <summary>Taken at the start of every transaction that decides story membership, held until it commits: one
    /// process at a time decides, and sees every membership committed before. SQLite's write transaction already is
    /// that lock (one writer per file); PostgreSQL takes a transaction-level advisory lock.</summary>
    internal static Task LockMembershipAsync(DbConnection c, DbTransaction tx, CancellationToken ct) =>
        SqlDialect.Of(c).MembershipLock is { Length: > 0 } sql
            ? c.ExecuteAsync(new CommandDefinition(sql, transaction: tx, commandTimeout: SqlDialect.NoCommandTimeout, cancellationToken: ct))
            : Task.CompletedTask;

    /// <summary>`stories rebuild`: takes the articles first seen at or after <paramref name="since"/> out of their stories and
    /// deletes the stories left empty. Returns the stories that lost members (their lead and counts need a refresh).</summary>
    internal static async Task<IReadOnlyList<long>> DetachSinceAsync(DbConnection c, DbTransaction tx, DateTimeOffset since, CancellationToken ct)
    {
        var touched = (await c.QueryAsync<long>(new CommandDefinition(
            "SELECT DISTINCT story_id FROM articles WHERE first_seen_at >= @since AND story_id IS NOT NULL",
            new { since = since.ToMs() }, tx, cancellationToken: ct))).AsList();
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE articles SET story_id = NULL, story_score = NULL, story_seq = NULL WHERE first_seen_at >= @since",
            new { since = since.ToMs() }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM stories WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = stories.id)",
            transaction: tx, cancellationToken: ct));
        return touched;
    }

    /// <summary>How many stories the articles first seen at or after <paramref name="since"/> are in.</summary>
    internal static Task<int> CountSinceAsync(DbConnection c, DbTransaction tx, DateTimeOffset since, CancellationToken ct) =>
        c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(DISTINCT story_id) FROM articles WHERE first_seen_at >= @since",
            new { since = since.ToMs() }, tx, cancellationToken: ct));

    private static async Task<IReadOnlyList<Story>> WithArticlesAsync(DbConnection c, List<StoryRow> stories, CancellationToken ct)
    {
        if (stories.Count == 0) return [];
        var byStory = new Dictionary<long, List<Article>>();
        foreach (var chunk in stories.Where(s => s.Id < 0).Select(s => -s.Id).Chunk(500))
        {
            var rows = await c.QueryAsync<ArticleStore.ArticleRow>(new CommandDefinition($"""
                SELECT {ArticleStore.SelectColumns}
                FROM articles a JOIN feeds f ON f.id = a.feed_id
                WHERE {SqlDialect.Of(c).InList("a.id", "@chunk")}
                """, new { chunk }, cancellationToken: ct));
            foreach (var row in rows) byStory[-row.Id] = [row.ToArticle()];
        }
        foreach (var chunk in stories.Where(s => s.Id > 0).Select(s => s.Id).Chunk(500))
        {
            var rows = await c.QueryAsync<ArticleStore.ArticleRow>(new CommandDefinition($"""
                SELECT {ArticleStore.SelectColumns}
                FROM articles a JOIN feeds f ON f.id = a.feed_id
                WHERE {SqlDialect.Of(c).InList("a.story_id", "@chunk")} AND a.hidden = 0 ORDER BY a.sort_at, a.id
                """, new { chunk }, cancellationToken: ct));
            foreach (var row in rows)
            {
                if (!byStory.TryGetValue(row.StoryId!.Value, out var list)) byStory[row.StoryId.Value] = list = [];
                list.Add(row.ToArticle());
            }
        }
        var result = new List<Story>(stories.Count);
        foreach (var s in stories)
        {
            if (!byStory.TryGetValue(s.Id, out var articles) || articles.Count == 0) continue;
            // Lead first, the others in arrival order.
            var lead = articles.FindIndex(a => a.Id == s.LeadArticleId);
            if (lead > 0)
            {
                var leadArticle = articles[lead];
                articles.RemoveAt(lead);
                articles.Insert(0, leadArticle);
            }
            var key = s.Id > 0 ? s.StoryKey : StoryKey.For(articles[0].FirstSeenAt.ToMs(), articles[0].FeedUrl, articles[0].EntryKey);
            result.Add(new Story(s.Id, key, UnixTime.FromMs(s.FirstSeenAt), UnixTime.FromMs(s.UpdatedAt), UnixTime.FromMs(s.SortAt), articles));
        }
        return result;
    }

    private sealed class StoryRow
    {
        public long Id { get; init; }
        public string StoryKey { get; init; } = "";
        public long? LeadArticleId { get; init; }
        public long FirstSeenAt { get; init; }
        public long UpdatedAt { get; init; }
        public long SortAt { get; init; }
    }
}
