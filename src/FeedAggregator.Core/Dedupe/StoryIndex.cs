namespace FeedAggregator.Dedupe;

/// <summary>
/// The recent articles (inside <see cref="StoriesOptions.Window"/>) and their stories, in memory,
/// so that a new article is compared with a few candidates rather than with everything.
/// <para>Rules of <see cref="FindMatch"/>, in order: an article already indexed is in its story;
/// the same canonical URL is the same story, whatever the feed; otherwise the most similar
/// candidate from another feed (<see cref="StoriesOptions.MatchSameFeed"/>) published within the window
/// of it and scoring at least <see cref="StoriesOptions.SimilarityThreshold"/>. Candidates come from
/// LSH banding of the MinHash sketch: articles agreeing on all rows of at least one band.</para>
/// <para>Memory is bounded by the window: call <see cref="EvictOlderThan"/> regularly (e.g. with
/// now − Window before each batch).</para>
/// <para>Not thread-safe: one thread at a time (the dedupe stage serializes articles anyway, since
/// each may join a story created by the one before it). Wrap calls in a lock to share an instance.</para>
/// </summary>
public sealed class StoryIndex
{
    // A bucket holding this many articles says little (identical boilerplate text): later articles
    // are not added to it, which bounds the work of one lookup. Its members still match each other.
    private const int MaxBucketSize = 256;

    private readonly StoriesOptions _options;
    private readonly IStorySimilarity _similarity;
    private readonly ulong[] _bandSeeds;
    private readonly Dictionary<long, IndexedArticle> _byArticle = new();
    private readonly Dictionary<string, IndexedArticle> _byUrl = new(StringComparer.Ordinal);
    private readonly BandBuckets<IndexedArticle> _buckets = new(MaxBucketSize);
    private readonly PriorityQueue<IndexedArticle, long> _byPublished = new();
    private readonly Func<StorySignature, uint[]> _computeBandKeys;
    private int _lookup;

    public StoryIndex(StoriesOptions options, IStorySimilarity? similarity = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _similarity = similarity ?? new MinHashSimilarity(options.Bands * options.Rows, options.ConflictFactor);
        _computeBandKeys = BandKeys;
        _bandSeeds = new ulong[options.Bands];
        for (var band = 0; band < _bandSeeds.Length; band++) _bandSeeds[band] = Hashing.Mix(0xB5AD4ECEDA1CE2A9UL + (ulong)band);
    }

    /// <summary>How many candidate articles <see cref="FindMatch"/> has scored in all; divided by the
    /// lookups, it says how selective the LSH bands are on real data.</summary>
    internal long CandidatesScored { get; private set; }

    /// <summary>How many articles are indexed.</summary>
    public int Count => _byArticle.Count;

    /// <summary>The story <paramref name="article"/> belongs to, or null when it starts a new one.</summary>
    public StoryMatch? FindMatch(StoryCandidate article)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (_byArticle.TryGetValue(article.ArticleId, out var self))
        {
            return new StoryMatch(self.StoryId, self.ArticleId, 1, StoryMatchReason.SameArticle);
        }
        if (!string.IsNullOrEmpty(article.CanonicalUrl) && _byUrl.TryGetValue(article.CanonicalUrl, out var sameUrl))
        {
            return new StoryMatch(sameUrl.StoryId, sameUrl.ArticleId, 1, StoryMatchReason.SameUrl);
        }
        var signature = article.SignatureFor(_similarity);
        if (signature.IsEmpty) return null;

        var lookup = new Lookup(this, article, signature, ++_lookup);
        foreach (var key in article.BandKeysFor(this, _computeBandKeys, signature)) _buckets.ForEach(key, ref lookup, Lookup.Consider);
        CandidatesScored += lookup.Scored;
        return lookup.Best is { } best && lookup.BestScore >= _options.SimilarityThreshold
            ? new StoryMatch(best.StoryId, best.ArticleId, lookup.BestScore, StoryMatchReason.SimilarText)
            : null;
    }

    /// <summary>Indexes <paramref name="article"/> as a member of story <paramref name="storyId"/>.
    /// Adding an article id that is already indexed changes nothing.</summary>
    public void Add(StoryCandidate article, long storyId)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (_byArticle.ContainsKey(article.ArticleId)) return;

        var signature = article.SignatureFor(_similarity);
        var bandKeys = signature.IsEmpty ? [] : article.BandKeysFor(this, _computeBandKeys, signature);
        // The sketch has served once its band keys exist; keeping it would double the memory per article.
        var indexed = new IndexedArticle(article.ArticleId, article.FeedId, storyId, article.CanonicalUrl,
            article.PublishedAt.UtcTicks, signature.WithoutSketch(), bandKeys);
        _byArticle.Add(indexed.ArticleId, indexed);
        // The newest article with a URL answers for it: it stays longest in the window.
        if (!string.IsNullOrEmpty(indexed.CanonicalUrl)) _byUrl[indexed.CanonicalUrl] = indexed;
        foreach (var key in bandKeys) _buckets.Add(key, indexed);
        _byPublished.Enqueue(indexed, indexed.PublishedTicks);
    }

    /// <summary>Moves an indexed article to story <paramref name="storyId"/> (its story was decided provisionally, or
    /// re-decided by a rebuild); false when the article is not indexed.</summary>
    public bool Reassign(long articleId, long storyId)
    {
        if (!_byArticle.TryGetValue(articleId, out var indexed)) return false;
        indexed.StoryId = storyId;
        return true;
    }

    /// <summary>Forgets the articles published before <paramref name="cutoff"/>; returns how many.</summary>
    public int EvictOlderThan(DateTimeOffset cutoff)
    {
        var cutoffTicks = cutoff.UtcTicks;
        var evicted = 0;
        while (_byPublished.TryPeek(out var oldest, out var publishedTicks) && publishedTicks < cutoffTicks)
        {
            _byPublished.Dequeue();
            Remove(oldest);
            evicted++;
        }
        return evicted;
    }

    /// <summary>Forgets the oldest articles until at most <paramref name="max"/> remain; returns how many went.
    /// Bounds memory when the window holds more articles than a machine should keep (thousands of feeds).</summary>
    public int EvictOldestBeyond(int max)
    {
        var evicted = 0;
        while (_byArticle.Count > max && _byPublished.TryDequeue(out var oldest, out _))
        {
            if (!_byArticle.ContainsKey(oldest.ArticleId)) continue;
            Remove(oldest);
            evicted++;
        }
        return evicted;
    }

    private void Remove(IndexedArticle article)
    {
        _byArticle.Remove(article.ArticleId);
        if (article.CanonicalUrl is { Length: > 0 } url && _byUrl.TryGetValue(url, out var current) && ReferenceEquals(current, article))
        {
            _byUrl.Remove(url);
        }
        foreach (var key in article.BandKeys) _buckets.Remove(key, article);
    }

    private uint[] BandKeys(StorySignature signature)
    {
        var minHash = signature.MinHash;
        var rows = _options.Rows;
        if (minHash.Length < _bandSeeds.Length * rows)
        {
            throw new InvalidOperationException(
                $"The similarity's signatures carry {minHash.Length} MinHash values; {StoriesOptions.SectionName}:Bands × Rows needs {_bandSeeds.Length * rows}.");
        }
        // 32-bit keys: ~2 million live buckets at the default index bound collide in a few hundred pairs, which only
        // adds a candidate to score now and then.
        var keys = new uint[_bandSeeds.Length];
        for (var band = 0; band < keys.Length; band++)
        {
            var key = _bandSeeds[band];
            for (var row = 0; row < rows; row++) key = Hashing.Mix(key ^ minHash[band * rows + row]);
            keys[band] = Hashing.Fold(key);
        }
        return keys;
    }

    /// <summary>The state of one <see cref="FindMatch"/> over the candidate's buckets.</summary>
    private struct Lookup(StoryIndex index, StoryCandidate article, StorySignature signature, int stamp)
    {
        public IndexedArticle? Best;
        public double BestScore;
        public int Scored;

        public static void Consider(IndexedArticle candidate, ref Lookup lookup) => lookup.Consider(candidate);

        private void Consider(IndexedArticle candidate)
        {
            // One article sits in many of the candidate's buckets; score it once per lookup.
            if (candidate.LastLookup == stamp) return;
            candidate.LastLookup = stamp;
            if (!index._options.MatchSameFeed && candidate.FeedId == article.FeedId) return;
            if (Math.Abs(candidate.PublishedTicks - article.PublishedAt.UtcTicks) > index._options.Window.Ticks) return;
            Scored++;
            var score = index._similarity.Similarity(signature, candidate.Signature);
            if (score > BestScore || (score == BestScore && Best is not null && candidate.PublishedTicks < Best.PublishedTicks))
            {
                Best = candidate;
                BestScore = score;
            }
        }
    }

    private sealed class IndexedArticle(long articleId, long feedId, long storyId, string? canonicalUrl,
        long publishedTicks, StorySignature signature, uint[] bandKeys)
    {
        public long ArticleId { get; } = articleId;
        public long FeedId { get; } = feedId;
        public long StoryId { get; set; } = storyId;
        public string? CanonicalUrl { get; } = canonicalUrl;
        public long PublishedTicks { get; } = publishedTicks;
        public StorySignature Signature { get; } = signature;
        public uint[] BandKeys { get; } = bandKeys;
        public int LastLookup { get; set; }
    }
}
