using System.Data.Common;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;
using FeedAggregator.Parse;
using FeedAggregator.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Stories;

/// <summary>
/// The story stage: puts the articles waiting for a story (written by polling, in any process) into stories, in
/// arrival order, a batch per write transaction. It reads the batch, lets the <see cref="IStoryDecider"/> prepare it
/// (embeddings, signatures) without holding the write lock, then inside one transaction catches its cache up with what
/// other processes clustered, keeps the articles still waiting, asks the decider, and writes the memberships
/// (<see cref="StoryWrites"/>). The database is the source of truth: the decider's window cache is loaded from it and
/// catches up by story_seq, the batch number every membership is written with.
/// One run at a time per process (a gate); runs of several processes interleave by batch, each batch one transaction.
/// </summary>
public sealed class StoryStage(Database db, IStoryDecider decider, Polling.BackgroundCpu cpu, IOptions<StoriesOptions> options, TimeProvider clock,
    ILogger<StoryStage> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StoriesOptions _options = options.Value;
    private bool _loaded;
    private long _seenSeq;

    /// <summary>The decider's method, for logs and the status output.</summary>
    public string Method => decider.Method;

    /// <summary>Clusters batches until no article waits; returns how many articles it put into stories. Articles older
    /// than the window are decided on cheap signals only (<see cref="StoryCandidate.InWindow"/>) unless
    /// <paramref name="wholeHistory"/>: `stories eval` and `stories rebuild` cluster old data as if it had arrived in
    /// its own time.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct, bool wholeHistory = false)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var total = 0;
            while (await RunBatchAsync(wholeHistory, ct) is { } clustered) total += clustered;
            if (total > 0) logger.LogInformation("Story stage ({Method}): {Count} articles put into stories", decider.Method, total);
            return total;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>`stories rebuild`: takes every article first seen at or after <paramref name="since"/> out of its story and
    /// runs the stage over them again, with the current settings, in one transaction (readers see the old stories or the
    /// new ones, never the articles in between). Story keys derive from each story's first article, so a story that
    /// comes out the same keeps its id in the merged feed.</summary>
    public async Task<(int Articles, int Stories)> RebuildAsync(DateTimeOffset since, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await db.WriteAsync(async (c, tx) =>
            {
                var touched = await StoryStore.DetachSinceAsync(c, tx, since, ct);
                // Older stories that lost members get their lead and counts recomputed.
                using (var writes = new StoryWrites(c, tx))
                    foreach (var storyId in touched)
                        writes.Refresh(storyId, clock.GetUtcNow(), ChooseLead);

                Reset();
                var articles = 0;
                while (true)
                {
                    var pending = await ArticleStore.WaitingAsync(c, tx, _options.BatchSize, ct);
                    if (pending.Count == 0) break;
                    if (!_loaded) await LoadAsync(c, tx, pending, wholeHistory: true, ct);
                    var candidates = Candidates(pending, wholeHistory: true);
                    await PrepareAsync(candidates, ct);
                    articles += await ClusterAsync(c, tx, pending, candidates, wholeHistory: true, ct);
                }
                var stories = await StoryStore.CountSinceAsync(c, tx, since, ct);
                return (articles, stories);
            }, ct);
        }
        catch
        {
            Reset();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One batch: null when nothing waits.</summary>
    private async Task<int?> RunBatchAsync(bool wholeHistory, CancellationToken ct)
    {
        try
        {
            IReadOnlyList<NewArticle> pending;
            // Reading and preparing happen outside the write lock: polling keeps writing meanwhile.
            await using (var c = await db.OpenAsync(ct))
            {
                pending = await ArticleStore.WaitingAsync(c, null, _options.BatchSize, ct);
                if (pending.Count == 0) return null;
                if (!_loaded) await LoadAsync(c, null, pending, wholeHistory, ct);
                else await CatchUpCacheAsync(c, null, wholeHistory, ct);
            }
            var candidates = Candidates(pending, wholeHistory);
            await PrepareAsync(candidates, ct);
            return await db.WriteAsync((c, tx) => ClusterAsync(c, tx, pending, candidates, wholeHistory, ct), ct);
        }
        catch
        {
            // The cache may hold the failed batch's provisional stories; it reloads from the database.
            Reset();
            throw;
        }
    }

    // Embedding is the stage's heavy CPU work: on the CPU threads, like parsing, so that in the service requests go
    // first (the model's own threads, made by the first call there, inherit that priority).
    private async Task PrepareAsync(List<StoryCandidate> candidates, CancellationToken ct) =>
        await await cpu.RunAsync(() => decider.PrepareAsync(candidates, ct).AsTask(), ct);

    private async Task<int> ClusterAsync(DbConnection c, DbTransaction tx, IReadOnlyList<NewArticle> pending,
        List<StoryCandidate> candidates, bool wholeHistory, CancellationToken ct)
    {
        // Inside the transaction, under the membership lock (SQLite's write lock; an advisory lock on PostgreSQL), so
        // one stage decides at a time across processes: what other stages wrote since is seen, and an article another
        // stage already placed is left alone.
        await StoryStore.LockMembershipAsync(c, tx, ct);
        await CatchUpCacheAsync(c, tx, wholeHistory, ct);
        var waiting = await ArticleStore.StillWaitingAsync(c, tx, pending.Select(p => p.Id).ToList(), ct);
        var batch = new List<StoryCandidate>(waiting.Count);
        var articles = new Dictionary<long, NewArticle>(waiting.Count);
        for (var i = 0; i < pending.Count; i++)
        {
            if (!waiting.Contains(pending[i].Id)) continue;
            batch.Add(candidates[i]);
            articles[pending[i].Id] = pending[i];
        }
        if (batch.Count == 0) return 0;

        var seq = await ArticleStore.LastStorySeqAsync(c, tx, ct) + 1;
        var decisions = decider.Decide(batch);
        var now = clock.GetUtcNow();
        var storyOf = new Dictionary<long, long>(batch.Count);
        var joined = new HashSet<long>();
        var placed = new List<StoryMember>(batch.Count);
        using (var writes = new StoryWrites(c, tx))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var d = decisions[i];
                var a = articles[d.ArticleId];
                long storyId;
                if (d.StartsStory)
                {
                    storyId = writes.Create(StoryKeyOf(a), a.FirstSeenAt, now, a.SortAt);
                    writes.Attach(a.Id, storyId, 1, seq);
                    // A story of articles a rule hides has no lead (it is not shown) until one is visible.
                    if (a.Hidden) joined.Add(storyId);
                    else writes.SetLead(storyId, a.Id);
                }
                else
                {
                    storyId = d.StoryId ?? storyOf[d.WithArticleId!.Value];
                    writes.Attach(a.Id, storyId, d.Score, seq);
                    joined.Add(storyId);
                    logger.LogDebug("Article {EntryKey} of {FeedUrl} joins story {StoryId} ({Reason}, score {Score:0.00})",
                        a.EntryKey, a.FeedUrl, storyId, d.Reason, d.Score);
                }
                storyOf[a.Id] = storyId;
                placed.Add(new StoryMember(batch[i], storyId));
            }
            foreach (var storyId in joined) writes.Refresh(storyId, now, ChooseLead);
        }
        decider.Settle(placed);
        _seenSeq = seq;
        return batch.Count;
    }

    /// <summary>Fills the decider's cache with the stored memberships inside the window of the waiting articles.</summary>
    private async Task LoadAsync(DbConnection c, DbTransaction? tx, IReadOnlyList<NewArticle> pending, bool wholeHistory, CancellationToken ct)
    {
        decider.Clear();
        // The batch number first: whatever commits after it is read again by the catch-up, never missed.
        _seenSeq = await ArticleStore.LastStorySeqAsync(c, tx, ct);
        var earliest = pending.Min(p => p.SortAt);
        var now = clock.GetUtcNow();
        var since = (earliest < now ? earliest : now) - _options.Window;
        var known = await ArticleStore.InStoriesSinceAsync(c, tx, since, _options.MaxIndexedArticles, ct);
        await RememberAsync(known, wholeHistory, ct);
        _loaded = true;
        logger.LogInformation("Story cache ({Method}) loaded: {Count} articles since {Since:yyyy-MM-ddTHH:mm:ssK}", decider.Method, known.Count, since);
    }

    private async Task CatchUpCacheAsync(DbConnection c, DbTransaction? tx, bool wholeHistory, CancellationToken ct)
    {
        var newer = await ArticleStore.ClusteredAfterAsync(c, tx, _seenSeq, ct);
        if (newer.Count == 0) return;
        await RememberAsync(newer, wholeHistory, ct);
        _seenSeq = Math.Max(_seenSeq, newer.Max(a => a.StorySeq ?? 0));
    }

    private async Task RememberAsync(IReadOnlyList<NewArticle> known, bool wholeHistory, CancellationToken ct)
    {
        if (known.Count == 0) return;
        var candidates = Candidates(known, wholeHistory);
        var members = known.Select((a, i) => new StoryMember(candidates[i], a.StoryId!.Value)).ToList();
        await decider.PrepareAsync(members.Select(m => m.Article).ToList(), ct);
        decider.Remember(members);
    }

    private void Reset()
    {
        decider.Clear();
        _loaded = false;
        _seenSeq = 0;
    }

    private static string StoryKeyOf(NewArticle first) => StoryKey.For(first.FirstSeenAtMs, first.FeedUrl, first.EntryKey);

    private List<StoryCandidate> Candidates(IReadOnlyList<NewArticle> pending, bool wholeHistory)
    {
        var windowStart = clock.GetUtcNow() - _options.Window;
        return pending.Select(a => Candidate(a, wholeHistory || a.SortAt >= windowStart)).ToList();
    }

    internal static StoryCandidate Candidate(NewArticle a, bool inWindow = true) => new()
    {
        InWindow = inWindow,
        ArticleId = a.Id,
        FeedId = a.FeedId,
        CanonicalUrl = a.CanonicalUrl,
        Title = a.Title,
        Summary = SummaryText(a.Summary),
        PublishedAt = a.SortAt,
    };

    /// <summary>Stored summaries are sanitized HTML, sometimes a whole article; deciders want the words of the opening
    /// only, which is what outlets' summaries of one story share. Only the head of the HTML is rendered (a full article
    /// can be 100 KB).</summary>
    internal static string? SummaryText(string? html)
    {
        if (html is null) return null;
        var text = TextRenderer.HtmlToText(html.Length <= 2000 ? html : html[..2000]);
        return text.Length <= 400 ? text : text[..400];
    }

    /// <summary>Recomputes lead, sources and position of stories whose visible members changed (a rule hid or showed
    /// some), inside the caller's write transaction.</summary>
    internal static void RefreshStories(DbConnection c, DbTransaction tx, IEnumerable<long> storyIds, DateTimeOffset now)
    {
        using var writes = new StoryWrites(c, tx);
        foreach (var id in storyIds) writes.Refresh(id, now, ChooseLead);
    }

    private static long ChooseLead(IReadOnlyList<(long Id, long SortAt, int TextLength)> members) =>
        LeadArticle.Choose(members, m => UnixTime.FromMs(m.SortAt), m => m.TextLength).Id;
}
