using System.Data.Common;
using FeedAggregator.Parse;
using FeedAggregator.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Dedupe;

/// <summary>Levels 2 and 3 of deduplication, with storage: puts each new article into a story, inside the
/// transaction that stores it, using the in-memory <see cref="StoryIndex"/> of the articles in the window.
/// Callers hold the database write lock, which also serializes use of the index.</summary>
public sealed class StoryClusterer(IOptions<StoriesOptions> options, TimeProvider clock, ILogger<StoryClusterer> logger)
{
    private StoryIndex? _index;
    private DateTimeOffset _newest = DateTimeOffset.MinValue;

    /// <summary>Forget the in-memory index (after a rolled-back transaction); it reloads from the database on next use.</summary>
    public void Invalidate() => _index = null;

    internal async Task AssignAsync(SqliteConnection c, DbTransaction tx, IReadOnlyList<NewArticle> articles, CancellationToken ct)
    {
        if (articles.Count == 0) return;
        var window = options.Value.Window;
        var index = _index ?? await LoadAsync(c, tx, Min(articles.Min(a => a.SortAt), clock.GetUtcNow()) - window, ct);
        var now = clock.GetUtcNow();
        foreach (var a in articles)
        {
            if (a.SortAt > _newest)
            {
                _newest = a.SortAt;
                index.EvictOlderThan(_newest - window);
            }
            var candidate = Candidate(a);
            var match = index.FindMatch(candidate);
            long storyId;
            if (match is null)
            {
                storyId = await StoryStore.CreateAsync(c, tx, "a:" + EntryIdentity.Hash(a.FeedUrl, a.EntryKey), a.Id, now, a.SortAt, ct);
                await StoryStore.AttachAsync(c, tx, a.Id, storyId, 1, ct);
            }
            else
            {
                storyId = match.StoryId;
                await StoryStore.AttachAsync(c, tx, a.Id, storyId, match.Score, ct);
                await StoryStore.RefreshAsync(c, tx, storyId, now, ChooseLead, ct);
                logger.LogDebug("Article {ArticleId} joins story {StoryId} ({Reason}, score {Score:0.00})", a.Id, storyId, match.Reason, match.Score);
            }
            index.Add(candidate, storyId);
        }
    }

    /// <summary>Clusters every article that has no story yet, in arrival order: after a migration from a
    /// database without stories, and for `stories rebuild`.</summary>
    internal async Task<int> AssignPendingAsync(SqliteConnection c, DbTransaction tx, CancellationToken ct)
    {
        var pending = await ArticleStore.WithoutStoryAsync(c, tx, ct);
        if (pending.Count == 0) return 0;
        _index = null;
        await AssignAsync(c, tx, pending, ct);
        return pending.Count;
    }

    private async Task<StoryIndex> LoadAsync(SqliteConnection c, DbTransaction tx, DateTimeOffset since, CancellationToken ct)
    {
        var index = new StoryIndex(options.Value);
        var known = await ArticleStore.InStoriesSinceAsync(c, tx, since, ct);
        foreach (var a in known) index.Add(Candidate(a), a.StoryId!.Value);
        _newest = known.Count > 0 ? known[^1].SortAt : DateTimeOffset.MinValue;
        logger.LogInformation("Story index loaded: {Count} articles since {Since}", known.Count, since);
        return _index = index;
    }

    private static StoryCandidate Candidate(NewArticle a) => new()
    {
        ArticleId = a.Id,
        FeedId = a.FeedId,
        CanonicalUrl = a.CanonicalUrl,
        Title = a.Title,
        // Stored summaries are sanitized HTML, sometimes a whole article; similarity wants the words of the
        // opening only, which is what outlets' summaries of one story share.
        Summary = a.Summary is null ? null : Opening(TextRenderer.HtmlToText(a.Summary)),
        PublishedAt = a.SortAt,
    };

    private static string Opening(string text) => text.Length <= 400 ? text : text[..400];

    private static long ChooseLead(IReadOnlyList<(long Id, long SortAt, int TextLength)> members) =>
        LeadArticle.Choose(members, m => Feeds.UnixTime.FromMs(m.SortAt), m => m.TextLength).Id;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
