using System.Runtime.CompilerServices;

namespace FeedAggregator.Dedupe;

/// <summary>
/// <see cref="StoriesOptions.Method"/> <c>semantic</c> (the default): articles are embedded with snowflake-arctic-embed-xs
/// (<see cref="SentenceEmbedder"/>, loaded on the first batch, once per process) and decided by
/// <see cref="StoryMatchRule"/> against the window's articles in a <see cref="SemanticStoryIndex"/>. Articles of the
/// batch being decided sit in the index under a provisional story (minus the id of the article that started it)
/// until <see cref="Settle"/> gives them the stored one.
/// </summary>
public sealed class SemanticStoryDecider(StoriesOptions options, Func<SentenceEmbedder>? embedder = null) : IStoryDecider
{
    public const string Name = "semantic";

    // Embedding batches: each is padded to its longest text, so a few dozen at a time wastes little and still
    // keeps ONNX Runtime's threads busy.
    private const int EmbeddingBatch = 32;

    private static readonly float[] NoEmbedding = new float[SentenceEmbedder.Dimensions];

    private readonly Func<SentenceEmbedder> _embedder = embedder ?? (() => SentenceEmbedder.Shared(options.EmbeddingTokens, options.EmbeddingThreads));
    private readonly ConditionalWeakTable<StoryCandidate, SemanticArticle> _prepared = new();
    private SemanticStoryIndex _index = new(options);
    private DateTimeOffset _newest = DateTimeOffset.MinValue;

    public string Method => Name;

    public int Count => _index.Count;

    /// <summary>Embeds the articles not embedded yet, in batches (the costly part: outside the database write lock).</summary>
    public ValueTask PrepareAsync(IReadOnlyList<StoryCandidate> articles, CancellationToken ct)
    {
        var todo = articles.Where(a => !_prepared.TryGetValue(a, out _)).ToList();
        // Older than the window (a first poll's archives): no article to come can meet them, only the backlog's own
        // copies, which share a URL or a headline. Those signals need no model, so they are not embedded: their
        // embedding is zero, which no cosine threshold reaches.
        foreach (var old in todo.Where(a => !a.InWindow)) _prepared.AddOrUpdate(old, Article(old, NoEmbedding));
        todo.RemoveAll(a => !a.InWindow);
        if (todo.Count == 0) return ValueTask.CompletedTask;
        var model = _embedder();
        for (var i = 0; i < todo.Count; i += EmbeddingBatch)
        {
            ct.ThrowIfCancellationRequested();
            var chunk = todo.GetRange(i, Math.Min(EmbeddingBatch, todo.Count - i));
            var vectors = model.Embed(chunk.Select(a => StoryText.ForEmbedding(a.Title, a.Summary)).ToArray());
            for (var k = 0; k < chunk.Count; k++) _prepared.AddOrUpdate(chunk[k], Article(chunk[k], vectors[k]));
        }
        return ValueTask.CompletedTask;
    }

    public void Remember(IReadOnlyList<StoryMember> members)
    {
        foreach (var m in members)
        {
            if (_index.Reassign(m.Article.ArticleId, m.StoryId)) continue;
            Advance(m.Article.PublishedAt);
            if (m.Article.PublishedAt >= _newest - options.Window) _index.Add(Prepared(m.Article), m.StoryId);
        }
        _index.EvictOldestBeyond(options.MaxIndexedArticles);
    }

    public IReadOnlyList<StoryDecision> Decide(IReadOnlyList<StoryCandidate> batch)
    {
        var decisions = new StoryDecision[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var a = Prepared(batch[i]);
            Advance(a.PublishedAt);
            var match = _index.FindMatch(a);
            (decisions[i], var provisional) = StoryDecision.From(a.ArticleId, match);
            _index.Add(a, provisional);
        }
        _index.EvictOldestBeyond(options.MaxIndexedArticles);
        return decisions;
    }

    public void Settle(IReadOnlyList<StoryMember> placed)
    {
        foreach (var p in placed) _index.Reassign(p.Article.ArticleId, p.StoryId);
    }

    public void Clear()
    {
        _index = new SemanticStoryIndex(options);
        _newest = DateTimeOffset.MinValue;
    }

    private SemanticArticle Prepared(StoryCandidate c)
    {
        if (_prepared.TryGetValue(c, out var prepared)) return prepared;
        PrepareAsync([c], CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return _prepared.TryGetValue(c, out prepared) ? prepared : throw new InvalidOperationException("embedding failed");
    }

    private static SemanticArticle Article(StoryCandidate c, float[] embedding) => new()
    {
        ArticleId = c.ArticleId, FeedId = c.FeedId, CanonicalUrl = c.CanonicalUrl, PublishedAt = c.PublishedAt,
        Embedding = embedding, Facts = StoryFacts.Extract(c.Title, c.Summary),
    };

    /// <summary>Keeps the index to the window behind the newest article seen.</summary>
    private void Advance(DateTimeOffset publishedAt)
    {
        if (publishedAt <= _newest) return;
        _newest = publishedAt;
        _index.EvictOlderThan(_newest - options.Window);
    }
}
