namespace FeedAggregator.Dedupe;

/// <summary>
/// Decides which story each new article joins, against a window cache of recent articles in memory. Two
/// implementations, chosen by <see cref="StoriesOptions.Method"/>: <see cref="LexicalStoryDecider"/> (MinHash/LSH over
/// words) and a semantic one (sentence embeddings). The story stage (Core/Stories) drives it and writes what it
/// decides; a decider never touches the database, and its cache is only a cache: the stage fills it from the database
/// (<see cref="Remember"/>), so articles clustered by any process are seen, and <see cref="Clear"/>s it when a write fails.
/// <para>One batch at a time, in this order: <see cref="PrepareAsync"/> (costly, batched work such as embeddings; outside
/// the database write lock), then <see cref="Decide"/> (inside it), then <see cref="Settle"/> once the decisions are
/// written. Not thread-safe: the stage calls it from one thread at a time.</para>
/// </summary>
public interface IStoryDecider
{
    /// <summary>The <see cref="StoriesOptions.Method"/> value this decider implements.</summary>
    string Method { get; }

    /// <summary>How many articles the window cache holds.</summary>
    int Count { get; }

    /// <summary>Computes what <see cref="Decide"/> and <see cref="Remember"/> need for these articles (signatures,
    /// embeddings), as one batch, and keeps it on each <see cref="StoryCandidate"/>. Optional: a candidate not prepared is
    /// prepared when needed, one at a time. Articles with <see cref="StoryCandidate.InWindow"/> false (older than the
    /// window: a first poll's archives) cannot meet future articles; a decider may skip its costly work for them.</summary>
    ValueTask PrepareAsync(IReadOnlyList<StoryCandidate> articles, CancellationToken ct);

    /// <summary>Adds articles already in stories to the window cache (loaded from the database: at start, after a
    /// rebuild, and what other processes clustered). An article already cached moves to the given story.</summary>
    void Remember(IReadOnlyList<StoryMember> members);

    /// <summary>One decision per article of <paramref name="batch"/>, same order. Articles are decided in order, each
    /// against the cache and the batch's earlier articles (which the cache holds provisionally until <see cref="Settle"/>):
    /// a wire copy arriving right after its original joins it even in the same batch.</summary>
    IReadOnlyList<StoryDecision> Decide(IReadOnlyList<StoryCandidate> batch);

    /// <summary>After the stage wrote a batch's decisions: the story each article of the batch was put in.</summary>
    void Settle(IReadOnlyList<StoryMember> placed);

    /// <summary>Forgets everything (a write failed, or membership was rebuilt); the stage reloads from the database.</summary>
    void Clear();
}

/// <summary>An article in story <paramref name="StoryId"/>.</summary>
public sealed record StoryMember(StoryCandidate Article, long StoryId);

/// <summary>What a decider says about one article: it starts a story (<see cref="StartsStory"/>), or it joins the story
/// of article <see cref="WithArticleId"/> — a stored one (<see cref="StoryId"/> is its story) or an earlier article of the
/// same batch (<see cref="StoryId"/> is null: it joins whatever story that article was put in).</summary>
public sealed record StoryDecision(long ArticleId, long? WithArticleId, long? StoryId, double Score, StoryMatchReason? Reason)
{
    public bool StartsStory => WithArticleId is null;

    public static StoryDecision NewStory(long articleId) => new(articleId, null, null, 1, null);

    /// <summary>The decision for an article the window cache matched (or not), and the story id the cache holds it
    /// under until <see cref="IStoryDecider.Settle"/>: the match's, or minus the article's own id for a new story.</summary>
    public static (StoryDecision Decision, long Provisional) From(long articleId, StoryMatch? match) => match is null
        ? (NewStory(articleId), -articleId)
        : (new StoryDecision(articleId, match.ArticleId, match.StoryId > 0 ? match.StoryId : null, match.Score, match.Reason), match.StoryId);
}
