using System.Numerics.Tensors;

namespace FeedAggregator.Dedupe;

/// <summary>
/// The recent articles (inside <see cref="StoriesOptions.Window"/>) with their embeddings and stories, in memory.
/// <see cref="FindMatch"/> compares a new article with every one of them — an exact vector search: a dot product of
/// 384 floats is cheap next to embedding the article, and the window holds tens of thousands at most — and asks
/// <see cref="StoryMatchRule"/> about those close enough to matter, plus those with the same URL or headline.
/// Not thread-safe.
/// </summary>
public sealed class SemanticStoryIndex(StoriesOptions options)
{
    // The rule's checks run only for the few candidates above this floor (StoriesOptions.CandidateMargin).
    private readonly float _candidateFloor = (float)(Math.Min(options.SemanticThreshold, options.HeadlineOnlyThreshold) - options.CandidateMargin);

    private readonly StoryMatchRule _rule = new(options);
    private readonly Dictionary<long, Entry> _byArticle = new();
    private readonly Dictionary<string, List<Entry>> _byUrlOrTitle = new(StringComparer.Ordinal);
    private readonly Dictionary<long, List<Entry>> _byStory = new();
    private readonly PriorityQueue<Entry, long> _byPublished = new();
    private readonly List<Entry> _scan = new();
    private int _removedInScan;

    public int Count => _byArticle.Count;

    public StoryMatchRule Rule => _rule;

    /// <summary>The best story for <paramref name="article"/>, or null when it starts a new one.</summary>
    public StoryMatch? FindMatch(SemanticArticle article)
    {
        if (_byArticle.TryGetValue(article.ArticleId, out var self)) return new StoryMatch(self.StoryId, self.Article.ArticleId, 1, StoryMatchReason.SameArticle);
        var candidates = new List<(Entry Entry, double Score, StoryMatchReason Reason)>();
        void Consider(Entry e, float cosine)
        {
            if (e.Removed || e.Article.ArticleId == article.ArticleId) return;
            if (_rule.Match(article, e.Article, cosine) is { } m) candidates.Add((e, m.Score, m.Reason));
        }
        foreach (var key in Keys(article))
            if (_byUrlOrTitle.TryGetValue(key, out var same))
                foreach (var e in same) Consider(e, TensorPrimitives.Dot(article.Embedding, e.Article.Embedding));
        // An article without an embedding (older than the window: a first poll's archive) has cosine 0 with every
        // other, which no floor above 0 lets through: only its URL and headline can join it, so the window is not
        // scanned for it. The same holds for the window's unembedded articles, kept out of the scan list.
        if (CanPassFloor(article))
        {
            foreach (var e in _scan)
            {
                if (e.Removed) continue;
                var cosine = TensorPrimitives.Dot(article.Embedding, e.Article.Embedding);
                if (cosine >= _candidateFloor) Consider(e, cosine);
            }
        }
        // Best first; ties go to the earlier article (the story's first copy). A story is joined only if the article
        // contradicts none of its members: a chain of close pairs ("holds rates at 2.5%" → "holds rates" → "cuts
        // rates") must not make one story of what its ends say apart. The same URL joins regardless.
        candidates.Sort((x, y) => y.Score != x.Score ? y.Score.CompareTo(x.Score) : x.Entry.Article.PublishedAt.CompareTo(y.Entry.Article.PublishedAt));
        var refused = new HashSet<long>();
        foreach (var (e, score, reason) in candidates)
        {
            if (refused.Contains(e.StoryId)) continue;
            if (reason == StoryMatchReason.SameUrl || !ContradictsMember(article, e.StoryId))
                return new StoryMatch(e.StoryId, e.Article.ArticleId, score, reason);
            refused.Add(e.StoryId);
        }
        return null;
    }

    private bool ContradictsMember(SemanticArticle article, long storyId)
    {
        if (!_byStory.TryGetValue(storyId, out var members)) return false;
        foreach (var m in members)
            if (!m.Removed && _rule.Contradicts(article, m.Article)) return true;
        return false;
    }

    /// <summary>Indexes <paramref name="article"/> in story <paramref name="storyId"/>; an article already indexed
    /// moves to that story.</summary>
    public void Add(SemanticArticle article, long storyId)
    {
        if (_byArticle.TryGetValue(article.ArticleId, out var known))
        {
            Move(known, storyId);
            return;
        }
        var entry = new Entry(article, storyId);
        AddToStory(entry);
        _byArticle.Add(article.ArticleId, entry);
        if (CanPassFloor(article)) _scan.Add(entry);
        else entry.OutOfScan = true;
        foreach (var key in Keys(article))
        {
            if (!_byUrlOrTitle.TryGetValue(key, out var list)) _byUrlOrTitle[key] = list = new List<Entry>(1);
            list.Add(entry);
        }
        _byPublished.Enqueue(entry, article.PublishedAt.UtcTicks);
    }

    /// <summary>Moves an indexed article to another story; false when it is not indexed.</summary>
    public bool Reassign(long articleId, long storyId)
    {
        if (!_byArticle.TryGetValue(articleId, out var entry)) return false;
        Move(entry, storyId);
        return true;
    }

    private void Move(Entry entry, long storyId)
    {
        if (entry.StoryId == storyId) return;
        RemoveFromStory(entry);
        entry.StoryId = storyId;
        AddToStory(entry);
    }

    private void AddToStory(Entry entry)
    {
        if (!_byStory.TryGetValue(entry.StoryId, out var list)) _byStory[entry.StoryId] = list = new List<Entry>(1);
        list.Add(entry);
    }

    private void RemoveFromStory(Entry entry)
    {
        if (_byStory.TryGetValue(entry.StoryId, out var list) && list.Remove(entry) && list.Count == 0) _byStory.Remove(entry.StoryId);
    }

    /// <summary>Forgets the articles published before <paramref name="cutoff"/>; returns how many.</summary>
    public int EvictOlderThan(DateTimeOffset cutoff)
    {
        var evicted = 0;
        while (_byPublished.TryPeek(out var oldest, out var ticks) && ticks < cutoff.UtcTicks)
        {
            _byPublished.Dequeue();
            if (Remove(oldest)) evicted++;
        }
        Compact();
        return evicted;
    }

    /// <summary>Forgets the oldest articles until at most <paramref name="max"/> remain.</summary>
    public int EvictOldestBeyond(int max)
    {
        var evicted = 0;
        while (_byArticle.Count > max && _byPublished.TryDequeue(out var oldest, out _))
            if (Remove(oldest)) evicted++;
        Compact();
        return evicted;
    }

    private bool Remove(Entry entry)
    {
        if (entry.Removed) return false;
        entry.Removed = true;
        _byArticle.Remove(entry.Article.ArticleId);
        RemoveFromStory(entry);
        foreach (var key in Keys(entry.Article))
            if (_byUrlOrTitle.TryGetValue(key, out var list) && list.Remove(entry) && list.Count == 0) _byUrlOrTitle.Remove(key);
        if (!entry.OutOfScan) _removedInScan++;
        return true;
    }

    private void Compact()
    {
        if (_removedInScan * 2 < _scan.Count) return;
        _scan.RemoveAll(e => e.Removed);
        _removedInScan = 0;
    }

    private bool CanPassFloor(SemanticArticle a) => _candidateFloor <= 0 || TensorPrimitives.MaxMagnitude(a.Embedding) != 0;

    private static IEnumerable<string> Keys(SemanticArticle a)
    {
        if (!string.IsNullOrEmpty(a.CanonicalUrl)) yield return "u " + a.CanonicalUrl;
        if (a.Facts.TitleKey.Length > 0) yield return "t " + a.Facts.TitleKey;
    }

    private sealed class Entry(SemanticArticle article, long storyId)
    {
        public SemanticArticle Article { get; } = article;
        public long StoryId { get; set; } = storyId;
        public bool Removed { get; set; }
        public bool OutOfScan { get; set; }
    }
}
