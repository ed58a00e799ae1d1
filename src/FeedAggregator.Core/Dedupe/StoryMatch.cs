namespace FeedAggregator.Dedupe;

/// <summary>The story an article joins: through <paramref name="ArticleId"/>, already in that story,
/// for <paramref name="Reason"/>, with <paramref name="Score"/> (1 for URL and identity matches).</summary>
public sealed record StoryMatch(long StoryId, long ArticleId, double Score, StoryMatchReason Reason);

public enum StoryMatchReason
{
    /// <summary>The article itself is already indexed (a re-run of the pipeline).</summary>
    SameArticle,
    /// <summary>Another article has the same canonical URL, in any feed.</summary>
    SameUrl,
    /// <summary>Another feed's article inside the window has similar title and summary.</summary>
    SimilarText,
    /// <summary>Another feed's article inside the window has the same (or nearly the same) headline, and no fact contradicts.</summary>
    SameTitle,
    /// <summary>Another feed's article inside the window means the same (embedding cosine), and no fact contradicts.</summary>
    SimilarMeaning,
}
