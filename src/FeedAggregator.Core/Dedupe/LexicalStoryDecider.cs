namespace FeedAggregator.Dedupe;

/// <summary>
/// <see cref="StoriesOptions.Method"/> <c>lexical</c>: same canonical URL, else MinHash similarity of title and summary
/// words, through the LSH <see cref="StoryIndex"/> of the articles inside <see cref="StoriesOptions.Window"/>.
/// Articles of the batch being decided sit in the index under a provisional story (minus the id of the article that
/// started it) until <see cref="Settle"/> gives them the stored one.
/// </summary>
public sealed class LexicalStoryDecider : IStoryDecider
{
    public const string Name = "lexical";

    private readonly StoriesOptions _options;
    private readonly MinHashSimilarity _similarity;
    private StoryIndex _index;
    private DateTimeOffset _newest = DateTimeOffset.MinValue;

    public LexicalStoryDecider(StoriesOptions options)
    {
        _options = options;
        _similarity = new MinHashSimilarity(options.Bands * options.Rows, options.ConflictFactor);
        _index = new StoryIndex(options, _similarity);
    }

    public string Method => Name;

    public int Count => _index.Count;

    /// <summary>The index, for the clustering benchmark's statistics.</summary>
    internal StoryIndex Index => _index;

    /// <summary>Signatures are cheap enough to compute one at a time, and thread-safe: they are computed here for the
    /// batch in parallel, outside the database write lock.</summary>
    public ValueTask PrepareAsync(IReadOnlyList<StoryCandidate> articles, CancellationToken ct)
    {
        if (articles.Count < 64)
            foreach (var a in articles) a.SignatureFor(_similarity);
        else
            Parallel.ForEach(articles, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = 2 }, a => a.SignatureFor(_similarity));
        return ValueTask.CompletedTask;
    }

    public void Remember(IReadOnlyList<StoryMember> members)
    {
        foreach (var m in members)
        {
            if (_index.Reassign(m.Article.ArticleId, m.StoryId)) continue;
            Advance(m.Article.PublishedAt);
            if (m.Article.PublishedAt >= _newest - _options.Window) _index.Add(m.Article, m.StoryId);
        }
        _index.EvictOldestBeyond(_options.MaxIndexedArticles);
    }

    public IReadOnlyList<StoryDecision> Decide(IReadOnlyList<StoryCandidate> batch)
    {
        var decisions = new StoryDecision[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var a = batch[i];
            Advance(a.PublishedAt);
            var match = _index.FindMatch(a);
            (decisions[i], var provisional) = StoryDecision.From(a.ArticleId, match);
            _index.Add(a, provisional);
        }
        _index.EvictOldestBeyond(_options.MaxIndexedArticles);
        return decisions;
    }

    public void Settle(IReadOnlyList<StoryMember> placed)
    {
        foreach (var p in placed) _index.Reassign(p.Article.ArticleId, p.StoryId);
    }

    public void Clear()
    {
        _index = new StoryIndex(_options, _similarity);
        _newest = DateTimeOffset.MinValue;
    }

    /// <summary>Keeps the index to the window behind the newest article seen.</summary>
    private void Advance(DateTimeOffset publishedAt)
    {
        if (publishedAt <= _newest) return;
        _newest = publishedAt;
        _index.EvictOlderThan(_newest - _options.Window);
    }
}
