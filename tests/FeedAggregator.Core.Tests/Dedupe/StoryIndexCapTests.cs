using FeedAggregator.Dedupe;

namespace FeedAggregator.Core.Tests.Dedupe;

public sealed class StoryIndexCapTests
{
    [Fact]
    public void The_index_keeps_only_the_newest_articles_beyond_its_cap()
    {
        var index = new StoryIndex(new StoriesOptions());
        var t0 = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        StoryCandidate Article(int n) => new()
        {
            ArticleId = n, FeedId = n, CanonicalUrl = $"https://news.example/{n}",
            Title = $"Story number {n} about topic {n}", Summary = "Text.", PublishedAt = t0.AddMinutes(n),
        };
        for (var n = 1; n <= 10; n++) index.Add(Article(n), n);
        Assert.Equal(6, index.EvictOldestBeyond(4));
        Assert.Equal(4, index.Count);
        // The oldest are forgotten, the newest still match by URL.
        Assert.Null(index.FindMatch(Article(2).WithId(100)));
        Assert.Equal(9, index.FindMatch(Article(9).WithId(101))!.StoryId);
        Assert.Equal(0, index.EvictOldestBeyond(4));
    }
}

file static class CandidateCopy
{
    public static StoryCandidate WithId(this StoryCandidate c, long id) => new()
    {
        ArticleId = id, FeedId = id, CanonicalUrl = c.CanonicalUrl, Title = c.Title, Summary = c.Summary, PublishedAt = c.PublishedAt,
    };
}
