using System.Data.Common;
using Dapper;
using FeedAggregator.Feeds;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Store;

/// <summary>All SQL on the stories table and on articles' story membership.</summary>
public sealed class StoryStore(Database db)
{
    /// <summary>Newest stories first, keyset-paged; each with its articles, lead first then by arrival.
    /// ?category= and ?feed= keep the stories that have an article from such a feed.</summary>
    public async Task<IReadOnlyList<Story>> LatestAsync(ArticleQuery q, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var stories = (await c.QueryAsync<StoryRow>(new CommandDefinition("""
            SELECT s.id, s.story_key AS StoryKey, s.lead_article_id AS LeadArticleId, s.first_seen_at AS FirstSeenAt,
                   s.updated_at AS UpdatedAt, s.sort_at AS SortAt
            FROM stories s
            WHERE ((@CategoryFilter IS NULL AND @FeedUrl IS NULL) OR EXISTS (
                    SELECT 1 FROM articles a JOIN feeds f ON f.id = a.feed_id
                    WHERE a.story_id = s.id AND (@CategoryFilter IS NULL OR f.category IN @CategoryList) AND (@FeedUrl IS NULL OR f.url = @FeedUrl)))
              AND (@BeforeSortAt IS NULL OR (s.sort_at, s.id) < (@BeforeSortAt, @BeforeId))
            ORDER BY s.sort_at DESC, s.id DESC
            LIMIT @Limit
            """, new { CategoryFilter = q.Categories is null ? null : "on", CategoryList = q.Categories ?? [], q.FeedUrl, BeforeSortAt = q.Before?.SortAt, BeforeId = q.Before?.Id, q.Limit },
            cancellationToken: ct))).AsList();
        return await WithArticlesAsync(c, stories, ct);
    }

    /// <summary>Stories first seen in [from, to), for the digest.</summary>
    public async Task<IReadOnlyList<Story>> FirstSeenBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var stories = (await c.QueryAsync<StoryRow>(new CommandDefinition("""
            SELECT id, story_key AS StoryKey, lead_article_id AS LeadArticleId, first_seen_at AS FirstSeenAt,
                   updated_at AS UpdatedAt, sort_at AS SortAt
            FROM stories WHERE first_seen_at >= @from AND first_seen_at < @to
            ORDER BY sort_at DESC, id DESC
            """, new { from = from.ToMs(), to = to.ToMs() }, cancellationToken: ct))).AsList();
        return await WithArticlesAsync(c, stories, ct);
    }

    /// <summary>When anything in the story output last changed, for ETags.</summary>
    public async Task<(long Count, long LastChange)> VersionAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleAsync<(long, long)>(new CommandDefinition("""
            SELECT (SELECT count(*) FROM stories),
                   max((SELECT coalesce(max(updated_at), 0) FROM stories), (SELECT coalesce(max(changed_at), 0) FROM articles))
            """, cancellationToken: ct));
    }

    private static async Task<IReadOnlyList<Story>> WithArticlesAsync(SqliteConnection c, List<StoryRow> stories, CancellationToken ct)
    {
        if (stories.Count == 0) return [];
        var byStory = new Dictionary<long, List<Article>>();
        foreach (var chunk in stories.Select(s => s.Id).Chunk(500))
        {
            var rows = await c.QueryAsync<ArticleStore.ArticleRow>(new CommandDefinition($"""
                SELECT {ArticleStore.SelectColumns}
                FROM articles a JOIN feeds f ON f.id = a.feed_id
                WHERE a.story_id IN @chunk ORDER BY a.sort_at, a.id
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
            result.Add(new Story(s.Id, s.StoryKey, UnixTime.FromMs(s.FirstSeenAt), UnixTime.FromMs(s.UpdatedAt), UnixTime.FromMs(s.SortAt), articles));
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
