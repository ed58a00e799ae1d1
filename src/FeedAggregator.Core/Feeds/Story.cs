namespace FeedAggregator.Feeds;

/// <summary>One piece of news and every article that carried it, lead first.</summary>
public sealed record Story(
    long Id,
    string StoryKey,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset SortAt,
    IReadOnlyList<Article> Articles)
{
    public Article Lead => Articles[0];
    /// <summary>The other articles, one per other source feed (a feed's own duplicates collapse).</summary>
    public IEnumerable<Article> AlsoCoveredBy => Articles.Skip(1).Where(a => a.FeedId != Lead.FeedId).DistinctBy(a => a.FeedId);
    public int SourceCount => Articles.Select(a => a.FeedId).Distinct().Count();
}
