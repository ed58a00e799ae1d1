using System.Data.Common;
using System.Text.Json;
using Dapper;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;
using FeedAggregator.Parse;

namespace FeedAggregator.Store;

/// <summary>All SQL on the articles table.</summary>
public sealed class ArticleStore(Database db)
{
    /// <summary>Per feed: entries stored, the newest entry's date, and entries dated since <paramref name="since"/> (their own
    /// date, never later than first seen): how lively the feed is, so a newly added archive does not count as recent.</summary>
    public async Task<IReadOnlyDictionary<long, FeedEntryStats>> StatsByFeedAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(long FeedId, long Entries, long? NewestAt, long Recent)>(new CommandDefinition("""
            SELECT feed_id, count(*), max(sort_at), sum(CASE WHEN sort_at >= @sinceMs THEN 1 ELSE 0 END)
            FROM articles GROUP BY feed_id
            """, new { sinceMs = since.ToMs() }, cancellationToken: ct));
        return rows.ToDictionary(r => r.FeedId, r => new FeedEntryStats(r.Entries, r.NewestAt, r.Recent));
    }

    /// <summary>Inserts new entries and updates changed ones in place, inside the caller's transaction. New articles
    /// are written waiting for a story (story_id NULL): the story stage decides it later, outside polling's writes.</summary>
    internal static async Task<StoreResult> UpsertAsync(DbConnection c, DbTransaction tx, long feedId, string feedUrl,
        IReadOnlyList<ArticleDraft> drafts, DateTimeOffset now, CancellationToken ct)
    {
        if (drafts.Count == 0) return new StoreResult(new StoreCounts(0, 0, 0), []);

        var dialect = SqlDialect.Of(c);
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in drafts.Chunk(500))
        {
            var keys = chunk.Select(d => d.Key).ToArray();
            foreach (var row in await c.QueryAsync<(string Key, string Hash)>(new CommandDefinition(
                         $"SELECT entry_key, content_hash FROM articles WHERE feed_id = @feedId AND {dialect.InList("entry_key", "@keys")}",
                         new { feedId, keys }, tx, cancellationToken: ct)))
                stored[row.Key] = row.Hash;
        }

        int updated = 0, unchanged = 0;
        var added = new List<NewArticle>();
        // One prepared statement for all new rows: preparing the INSERT per row was most of the store's cost.
        DbCommand? insert = null;
        var nowMs = now.ToMs();
        try
        {
            foreach (var d in drafts)
            {
                var e = d.Entry;
                if (stored.TryGetValue(d.Key, out var oldHash) && oldHash == d.Hash) { unchanged++; continue; }
                if (oldHash is null)
                {
                    var article = new NewArticle
                    {
                        FeedId = feedId, FeedUrl = feedUrl, EntryKey = d.Key, CanonicalUrl = d.CanonicalUrl,
                        Title = e.Title, Summary = e.Summary ?? e.Content, SortAtMs = d.SortAtMs, FirstSeenAtMs = nowMs,
                    };
                    insert ??= NewArticleInsert(c, tx);
                    var values = new object?[]
                    {
                        feedId, d.Key, e.Id, e.Link, d.CanonicalUrl, e.Title, e.Summary, e.Content, d.Authors, d.Categories,
                        d.Enclosures, e.Image, e.Comments, d.PublishedMs, d.UpdatedMs, nowMs, nowMs, d.SortAtMs, d.Hash,
                        d.Link,
                    };
                    for (var i = 0; i < values.Length; i++) insert.Parameters[i].Value = values[i] ?? DBNull.Value;
                    var id = (long)(await insert.ExecuteScalarAsync(ct))!;
                    added.Add(article.WithId(id));
                }
                else
                {
                    await c.ExecuteAsync(new CommandDefinition("""
                        UPDATE articles SET guid = @Id, url = @Url, link = @PublishedLink, canonical_url = @CanonicalUrl, title = @Title, summary = @Summary, content = @Content,
                            authors = @Authors, categories = @Categories, enclosures = @Enclosures, image = @Image,
                            comments_url = @Comments, published_at = @PublishedMs, updated_at = @UpdatedMs,
                            changed_at = @nowMs, content_hash = @Hash
                        WHERE feed_id = @feedId AND entry_key = @Key
                        """, new
                    {
                        e.Id, Url = e.Link, PublishedLink = d.Link, d.CanonicalUrl, e.Title, e.Summary, e.Content, d.Authors, d.Categories, d.Enclosures, e.Image,
                        e.Comments, d.PublishedMs, d.UpdatedMs, nowMs, d.Hash, feedId, d.Key,
                    }, tx, cancellationToken: ct));
                    updated++;
                }
            }
        }
        finally
        {
            if (insert is not null) await insert.DisposeAsync();
        }
        return new StoreResult(new StoreCounts(added.Count, updated, unchanged), added);
    }

    private static readonly string[] InsertColumns =
    [
        "feed_id", "entry_key", "guid", "url", "canonical_url", "title", "summary", "content", "authors", "categories",
        "enclosures", "image", "comments_url", "published_at", "updated_at", "first_seen_at", "changed_at", "sort_at", "content_hash",
        "link",
    ];

    private static DbCommand NewArticleInsert(DbConnection c, DbTransaction tx) =>
        ReusedCommand.Create(c, tx, $"INSERT INTO articles ({string.Join(", ", InsertColumns)}) VALUES ({string.Join(", ", InsertColumns.Select((_, i) => "@p" + i))}) RETURNING id",
            InsertColumns.Select((_, i) => "@p" + i).ToArray());

    /// <summary>Columns for <see cref="ArticleRow"/>, from `articles a JOIN feeds f`.</summary>
    internal const string SelectColumns = """
        a.id, a.feed_id AS FeedId, a.entry_key AS EntryKey, a.guid, a.url, a.link, a.title,
        coalesce(a.summary, CASE WHEN a.full_content IS NOT NULL THEN a.content END) AS summary, coalesce(a.full_content, a.content) AS content,
        a.authors, a.categories, a.enclosures, a.image, a.comments_url AS CommentsUrl,
        a.published_at AS PublishedAt, a.updated_at AS UpdatedAt, a.first_seen_at AS FirstSeenAt,
        a.changed_at AS ChangedAt, a.sort_at AS SortAt, a.story_id AS StoryId,
        f.url AS FeedUrl, f.title AS FeedTitle, f.site_url AS FeedSiteUrl, f.category AS FeedCategory
        """;

    /// <summary>Newest first, keyset-paged: pass the last article of a page as <paramref name="q"/>.Before.</summary>
    public async Task<IReadOnlyList<Article>> LatestAsync(ArticleQuery q, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<ArticleRow>(new CommandDefinition($"""
            SELECT {SelectColumns}
            FROM articles a JOIN feeds f ON f.id = a.feed_id
            WHERE a.hidden = 0 AND (@CategoryFilter IS NULL OR {db.Dialect.InList("f.category", "@CategoryList")})
              AND (@FeedUrl IS NULL OR f.url = @FeedUrl)
              AND (@BeforeSortAt IS NULL OR (a.sort_at, a.id) < (@BeforeSortAt, @BeforeId))
            ORDER BY a.sort_at DESC, a.id DESC
            LIMIT @Limit
            """, new { CategoryFilter = q.Categories is null ? null : "on", CategoryList = q.Categories ?? [], q.FeedUrl, BeforeSortAt = q.Before?.SortAt, BeforeId = q.Before?.Id, q.Limit },
            cancellationToken: ct));
        return rows.Select(r => r.ToArticle()).ToList();
    }

    /// <summary>The oldest <paramref name="limit"/> articles waiting for a story, in arrival order (row id: the order
    /// SQLite's single writer inserted them in, whichever process did). NULLs lead the story_id index, in row id order.</summary>
    internal static async Task<IReadOnlyList<NewArticle>> WaitingAsync(DbConnection c, DbTransaction? tx, int limit, CancellationToken ct) =>
        (await c.QueryAsync<NewArticle>(new CommandDefinition($"""
            SELECT {ClusteringColumns}
            FROM articles a JOIN feeds f ON f.id = a.feed_id
            WHERE a.story_id IS NULL ORDER BY a.id LIMIT @limit
            """, new { limit }, tx, cancellationToken: ct))).AsList();

    /// <summary>Which of <paramref name="ids"/> still wait for a story (another process's stage may have taken some). On
    /// PostgreSQL the rows are locked for the caller's transaction, and rows another stage's transaction holds are skipped.</summary>
    internal static async Task<HashSet<long>> StillWaitingAsync(DbConnection c, DbTransaction tx, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var dialect = SqlDialect.Of(c);
        var waiting = new HashSet<long>();
        foreach (var chunk in ids.Chunk(500))
            waiting.UnionWith(await c.QueryAsync<long>(new CommandDefinition(
                $"SELECT id FROM articles WHERE {dialect.InList("id", "@chunk")} AND story_id IS NULL {dialect.SkipLocked}", new { chunk }, tx, cancellationToken: ct)));
        return waiting;
    }

    /// <summary>Whether any article that arrived before <paramref name="before"/> still waits for a story.</summary>
    public async Task<bool> AnyWaitingBeforeAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM articles WHERE story_id IS NULL AND first_seen_at < @before)",
            new { before = before.ToMs() }, cancellationToken: ct));
    }

    /// <summary>How many articles wait for a story.</summary>
    public async Task<long> WaitingCountAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM articles WHERE story_id IS NULL", cancellationToken: ct));
    }

    /// <summary>The latest story stage batch number written (0 when none). The IS NOT NULL lets SQLite read it from the
    /// partial index; without it, max() scanned the whole table once per batch.</summary>
    internal static Task<long> LastStorySeqAsync(DbConnection c, DbTransaction? tx, CancellationToken ct) =>
        c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT coalesce(max(story_seq), 0) FROM articles WHERE story_seq IS NOT NULL", transaction: tx, cancellationToken: ct));

    /// <summary>Articles put into stories by stage batches after <paramref name="seq"/> (by any process), in batch order.</summary>
    internal static async Task<IReadOnlyList<NewArticle>> ClusteredAfterAsync(DbConnection c, DbTransaction? tx, long seq, CancellationToken ct) =>
        (await c.QueryAsync<NewArticle>(new CommandDefinition($"""
            SELECT {ClusteringColumns}, a.story_seq AS StorySeq
            FROM articles a JOIN feeds f ON f.id = a.feed_id
            WHERE a.story_seq > @seq ORDER BY a.story_seq, a.id
            """, new { seq }, tx, cancellationToken: ct))).AsList();

    /// <summary>Articles already in stories whose sort time is at or after <paramref name="since"/>: the story cache's memory.</summary>
    internal static async Task<IReadOnlyList<NewArticle>> InStoriesSinceAsync(DbConnection c, DbTransaction? tx,
        DateTimeOffset since, int limit, CancellationToken ct)
    {
        // The newest `limit` of them, returned oldest first (the order the cache adds them in).
        var rows = (await c.QueryAsync<NewArticle>(new CommandDefinition($"""
            SELECT {ClusteringColumns}
            FROM articles a JOIN feeds f ON f.id = a.feed_id
            WHERE a.story_id IS NOT NULL AND a.sort_at >= @since ORDER BY a.sort_at DESC, a.id DESC LIMIT @limit
            """, new { since = since.ToMs(), limit }, tx, cancellationToken: ct))).AsList();
        rows.Reverse();
        return rows;
    }

    private const string ClusteringColumns = """
        a.id, a.feed_id AS FeedId, f.url AS FeedUrl, a.entry_key AS EntryKey, a.canonical_url AS CanonicalUrl, a.title,
        coalesce(a.summary, a.content) AS Summary, a.sort_at AS SortAtMs, a.first_seen_at AS FirstSeenAtMs, a.story_id AS StoryId,
        a.hidden <> 0 AS Hidden
        """;

    internal sealed class ArticleRow
    {
        public long Id { get; init; }
        public long FeedId { get; init; }
        public string EntryKey { get; init; } = "";
        public string? Guid { get; init; }
        public string? Url { get; init; }
        public string? Link { get; init; }
        public string? Title { get; init; }
        public string? Summary { get; init; }
        public string? Content { get; init; }
        public string? Authors { get; init; }
        public string? Categories { get; init; }
        public string? Enclosures { get; init; }
        public string? Image { get; init; }
        public string? CommentsUrl { get; init; }
        public long? PublishedAt { get; init; }
        public long? UpdatedAt { get; init; }
        public long FirstSeenAt { get; init; }
        public long ChangedAt { get; init; }
        public long SortAt { get; init; }
        public long? StoryId { get; init; }
        public string FeedUrl { get; init; } = "";
        public string? FeedTitle { get; init; }
        public string? FeedSiteUrl { get; init; }
        public string? FeedCategory { get; init; }

        public Article ToArticle() => new()
        {
            // Rows stored before published links were kept get theirs from the stored URL.
            Id = Id, FeedId = FeedId, EntryKey = EntryKey, Guid = Guid, Url = Url, Link = Link ?? CanonicalUrl.Clean(Url, null), Title = Title,
            Summary = Summary, Content = Content, Image = Image, CommentsUrl = CommentsUrl,
            Authors = Authors is null ? [] : JsonSerializer.Deserialize(Authors, StoreJson.Default.IReadOnlyListParsedPerson) ?? [],
            Categories = Categories is null ? [] : JsonSerializer.Deserialize(Categories, StoreJson.Default.IReadOnlyListString) ?? [],
            Enclosures = Enclosures is null ? [] : JsonSerializer.Deserialize(Enclosures, StoreJson.Default.IReadOnlyListParsedEnclosure) ?? [],
            PublishedAt = UnixTime.FromMs(PublishedAt), UpdatedAt = UnixTime.FromMs(UpdatedAt),
            FirstSeenAt = UnixTime.FromMs(FirstSeenAt), ChangedAt = UnixTime.FromMs(ChangedAt), SortAt = UnixTime.FromMs(SortAt),
            StoryId = StoryId, FeedUrl = FeedUrl, FeedTitle = FeedTitle, FeedSiteUrl = FeedSiteUrl, FeedCategory = FeedCategory,
        };
    }
}

/// <summary>A page of the merged feed: <see cref="Categories"/> are the stored spellings of the category asked for
/// (null: any category).</summary>
public sealed record ArticleQuery(int Limit, IReadOnlyList<string>? Categories = null, string? FeedUrl = null, ArticleCursor? Before = null);

/// <summary>Where a page ended: the sort key of its last article.</summary>
public sealed record ArticleCursor(long SortAt, long Id);

public sealed record StoreCounts(int New, int Updated, int Unchanged);

internal sealed record StoreResult(StoreCounts Counts, IReadOnlyList<NewArticle> Added);

/// <summary>An article as story clustering needs it (Summary is sanitized HTML). A class with setters so
/// that Dapper can fill it from the queries that reload the story index.</summary>
internal sealed class NewArticle
{
    public long Id { get; init; }
    public long FeedId { get; init; }
    public string FeedUrl { get; init; } = "";
    public string EntryKey { get; init; } = "";
    public string? CanonicalUrl { get; init; }
    public string? Title { get; init; }
    public string? Summary { get; init; }
    public long SortAtMs { get; init; }
    public long FirstSeenAtMs { get; init; }
    public long? StoryId { get; init; }
    public long? StorySeq { get; init; }
    public bool Hidden { get; init; }
    public DateTimeOffset SortAt => UnixTime.FromMs(SortAtMs);
    public DateTimeOffset FirstSeenAt => UnixTime.FromMs(FirstSeenAtMs);

    public NewArticle WithId(long id) => new()
    {
        Id = id, FeedId = FeedId, FeedUrl = FeedUrl, EntryKey = EntryKey, CanonicalUrl = CanonicalUrl, Title = Title,
        Summary = Summary, SortAtMs = SortAtMs, FirstSeenAtMs = FirstSeenAtMs, StoryId = StoryId,
    };
}

/// <summary>A feed's stored entries at a glance: how many, the newest one's date (Unix ms), how many are dated lately.</summary>
public sealed record FeedEntryStats(long Entries, long? NewestAt, long Recent)
{
    public static readonly FeedEntryStats None = new(0, null, 0);
}
