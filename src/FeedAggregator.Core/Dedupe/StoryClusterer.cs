using System.Data.Common;
using FeedAggregator.Feeds;
using FeedAggregator.Parse;
using FeedAggregator.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Dedupe;

/// <summary>Levels 2 and 3 of deduplication, with storage: puts each new article into a story, inside the
/// transaction that stores it, using the in-memory <see cref="StoryIndex"/> of the articles in the window.
/// Callers hold the database write lock, which also serializes use of the index.</summary>
public sealed class StoryClusterer(Database db, IOptions<StoriesOptions> options, TimeProvider clock, ILogger<StoryClusterer> logger)
{
    private StoryIndex? _index;
    private readonly MinHashSimilarity _similarity = new(options.Value.Bands * options.Value.Rows);
    private DateTimeOffset _newest = DateTimeOffset.MinValue;
    // The highest article id the index has seen (its own and other processes'): where the next catch-up starts.
    private long _seenId;

    /// <summary>Forget the in-memory index (after a rolled-back transaction); it reloads from the database on next use.</summary>
    public void Invalidate() => _index = null;

    /// <summary>The words and MinHash signature of an entry, computed before the write transaction so that the
    /// lock is held only for the index lookup and the SQL. Thread-safe.</summary>
    public StoryCandidate Prepare(ParsedEntry entry)
    {
        var candidate = new StoryCandidate
        {
            ArticleId = 0, FeedId = 0, Title = entry.Title, Summary = SummaryText(entry.Summary ?? entry.Content),
            PublishedAt = DateTimeOffset.MinValue,
        };
        candidate.SignatureFor(_similarity);
        return candidate;
    }

    /// <summary>The story index for one write transaction (loaded from the database on first use, from
    /// <paramref name="earliest"/> − Window). The caller holds the write lock for as long as the session lives.</summary>
    internal async Task<Session> BeginAsync(DbConnection c, DbTransaction tx, DateTimeOffset earliest, CancellationToken ct)
    {
        // Other processes (the CLI beside the service, other workers) store articles too: one decides at a time, and the
        // in-memory index first catches up with what they placed since it last looked.
        await StoryStore.LockMembershipAsync(c, tx, ct);
        var index = _index ?? await LoadAsync(c, tx, Min(earliest, clock.GetUtcNow()) - options.Value.Window, ct);
        foreach (var a in await ArticleStore.InStoriesAfterAsync(c, tx, _seenId, ct))
        {
            Advance(index, a.SortAt);
            index.Add(Candidate(a), a.StoryId!.Value);
            _seenId = Math.Max(_seenId, a.Id);
        }
        return new Session(this, index, new StoryWrites(c, tx), clock.GetUtcNow());
    }

    /// <summary>Stores a feed's entries (<see cref="ArticleStore.UpsertAsync"/>), each new article in its story,
    /// inside the caller's write transaction.</summary>
    internal async Task<StoreResult> StoreAsync(DbConnection c, DbTransaction tx, long feedId, string feedUrl,
        IReadOnlyList<ArticleDraft> drafts, DateTimeOffset now, CancellationToken ct)
    {
        var earliest = drafts.Count == 0 ? now : UnixTime.FromMs(drafts.Min(d => d.SortAtMs));
        using var session = await BeginAsync(c, tx, earliest, ct);
        return await ArticleStore.UpsertAsync(c, tx, feedId, feedUrl, drafts, now, session, ct);
    }

    /// <summary>Puts already stored articles (without a story) into stories, in the given order.</summary>
    internal async Task AssignAsync(DbConnection c, DbTransaction tx, IReadOnlyList<NewArticle> articles, CancellationToken ct)
    {
        if (articles.Count == 0) return;
        using var session = await BeginAsync(c, tx, articles.Min(a => a.SortAt), ct);
        foreach (var a in articles)
        {
            var place = session.Place(a, null);
            session.Writes.Attach(a.Id, place.StoryId, place.Score);
            session.Settle(place, a.Id);
        }
    }

    /// <summary>Where an article goes: an existing story (a match) or a new one, created before the article's row
    /// so that the row is written with its story id.</summary>
    internal sealed record Placement(StoryCandidate Candidate, long StoryId, double Score, bool IsNewStory);

    /// <summary>One transaction's use of the story index: <see cref="Place"/> before an article's row is written,
    /// <see cref="Settle"/> after, when it has its id.</summary>
    internal sealed class Session(StoryClusterer owner, StoryIndex index, StoryWrites writes, DateTimeOffset now) : IDisposable
    {
        public StoryWrites Writes => writes;

        public Placement Place(NewArticle a, StoryCandidate? prepared)
        {
            owner.Advance(index, a.SortAt);
            var candidate = prepared is not null ? prepared.For(a.Id, a.FeedId, a.CanonicalUrl, a.SortAt) : Candidate(a);
            var match = index.FindMatch(candidate);
            if (match is null)
                return new Placement(candidate, writes.Create(StoryKey(a), now, a.SortAt), 1, true);
            owner.LogJoin(a, match);
            return new Placement(candidate, match.StoryId, match.Score, false);
        }

        public void Settle(Placement place, long articleId)
        {
            if (place.IsNewStory) writes.SetLead(place.StoryId, articleId);
            else writes.Refresh(place.StoryId, now, ChooseLead);
            index.Add(place.Candidate.ArticleId == articleId ? place.Candidate : place.Candidate.WithArticleId(articleId), place.StoryId);
            owner._seenId = Math.Max(owner._seenId, articleId);
        }

        public void Dispose()
        {
            owner.Bound(index);
            writes.Dispose();
        }
    }

    /// <summary>A story's key, from its first article: stable across `stories rebuild` (both parts are stored with the
    /// article), and in arrival order, so that new keys go to the end of the unique index instead of a random page of it
    /// (a random page costs a WAL frame per new story at commit).</summary>
    internal static string StoryKey(NewArticle first) =>
        $"t{first.FirstSeenAtMs:x11}-{EntryIdentity.Hash(first.FeedUrl, first.EntryKey).AsSpan(0, 16)}";

    private void LogJoin(NewArticle a, StoryMatch match) =>
        logger.LogDebug("Article {EntryKey} of {FeedUrl} joins story {StoryId} ({Reason}, score {Score:0.00})",
            a.EntryKey, a.FeedUrl, match.StoryId, match.Reason, match.Score);

    private void Bound(StoryIndex index) => index.EvictOldestBeyond(options.Value.MaxIndexedArticles);

    /// <summary>Keeps the index to the window behind the newest article seen.</summary>
    private void Advance(StoryIndex index, DateTimeOffset sortAt)
    {
        if (sortAt <= _newest) return;
        _newest = sortAt;
        index.EvictOlderThan(_newest - options.Value.Window);
    }

    /// <summary>Clusters the articles that have no story yet (a database from before stories existed). Run at start.</summary>
    public async Task<int> AssignPendingAsync(CancellationToken ct)
    {
        try
        {
            return await db.WriteAsync((c, tx) => AssignPendingAsync(c, tx, ct), ct);
        }
        catch
        {
            Invalidate();
            throw;
        }
    }

    /// <summary>`stories rebuild`: takes every article first seen at or after <paramref name="since"/> out of
    /// its story and clusters them again in arrival order, with the current rules and thresholds. Story keys
    /// derive from each story's first article, so a story that comes out the same keeps its id in the merged feed.</summary>
    public async Task<(int Articles, int Stories)> RebuildAsync(DateTimeOffset since, CancellationToken ct)
    {
        try
        {
            return await db.WriteAsync(async (c, tx) =>
            {
                var touched = await StoryStore.DetachSinceAsync(c, tx, since, ct);
                // Older stories that lost members get their lead and counts recomputed.
                using (var writes = new StoryWrites(c, tx))
                    foreach (var storyId in touched)
                        writes.Refresh(storyId, clock.GetUtcNow(), ChooseLead);
                _index = null;
                var articles = await AssignPendingAsync(c, tx, ct);
                var stories = await StoryStore.CountSinceAsync(c, tx, since, ct);
                return (articles, stories);
            }, ct);
        }
        catch
        {
            Invalidate();
            throw;
        }
    }

    internal async Task<int> AssignPendingAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
    {
        var pending = await ArticleStore.WithoutStoryAsync(c, tx, ct);
        if (pending.Count == 0) return 0;
        _index = null;
        await AssignAsync(c, tx, pending, ct);
        return pending.Count;
    }

    private async Task<StoryIndex> LoadAsync(DbConnection c, DbTransaction tx, DateTimeOffset since, CancellationToken ct)
    {
        var index = new StoryIndex(options.Value, _similarity);
        var known = await ArticleStore.InStoriesSinceAsync(c, tx, since, options.Value.MaxIndexedArticles, ct);
        foreach (var a in known) index.Add(Candidate(a), a.StoryId!.Value);
        _newest = known.Count > 0 ? known[^1].SortAt : DateTimeOffset.MinValue;
        _seenId = await ArticleStore.LastPlacedIdAsync(c, tx, ct);
        logger.LogInformation("Story index loaded: {Count} articles since {Since}", known.Count, since);
        return _index = index;
    }

    private static StoryCandidate Candidate(NewArticle a) => new()
    {
        ArticleId = a.Id,
        FeedId = a.FeedId,
        CanonicalUrl = a.CanonicalUrl,
        Title = a.Title,
        Summary = SummaryText(a.Summary),
        PublishedAt = a.SortAt,
    };

    /// <summary>Stored summaries are sanitized HTML, sometimes a whole article; similarity wants the words of the
    /// opening only, which is what outlets' summaries of one story share. Only the head of the HTML is rendered
    /// (a full article can be 100 KB).</summary>
    private static string? SummaryText(string? html)
    {
        if (html is null) return null;
        var text = TextRenderer.HtmlToText(html.Length <= 2000 ? html : html[..2000]);
        return text.Length <= 400 ? text : text[..400];
    }

    /// <summary>Recomputes lead, sources and position of stories whose visible members changed (a rule hid or showed
    /// some), inside the caller's write transaction.</summary>
    internal void RefreshStories(DbConnection c, DbTransaction tx, IEnumerable<long> storyIds)
    {
        using var writes = new StoryWrites(c, tx);
        var now = clock.GetUtcNow();
        foreach (var id in storyIds) writes.Refresh(id, now, ChooseLead);
    }

    private static long ChooseLead(IReadOnlyList<(long Id, long SortAt, int TextLength)> members) =>
        LeadArticle.Choose(members, m => UnixTime.FromMs(m.SortAt), m => m.TextLength).Id;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
