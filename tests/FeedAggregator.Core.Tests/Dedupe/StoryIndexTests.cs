using FeedAggregator.Dedupe;

namespace FeedAggregator.Core.Tests.Dedupe;

public sealed class StoryIndexTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private const string FloodsTitle = "Floods kill at least 40 in southern Brazil";
    private const string FloodsSummary = "Heavy rains and flooding in the southern Brazilian state of Rio Grande do Sul have killed at least 40 people and left dozens missing, state officials said on Saturday.";

    private static StoryCandidate Article(long id, long feed, string? url, string title, string summary, double hours = 0) => new()
    {
        ArticleId = id,
        FeedId = feed,
        CanonicalUrl = url,
        Title = title,
        Summary = summary,
        PublishedAt = Start.AddHours(hours),
    };

    [Fact]
    public void Same_canonical_url_joins_whatever_the_feed_or_text()
    {
        var index = new StoryIndex(new StoriesOptions());
        index.Add(Article(1, feed: 1, "https://example.com/a", "One title", "One summary"), storyId: 10);

        var match = index.FindMatch(Article(2, feed: 1, "https://example.com/a", "Other words", "Nothing alike"));

        Assert.Equal(new StoryMatch(10, 1, 1, StoryMatchReason.SameUrl), match);
    }

    [Fact]
    public void Near_duplicate_from_another_feed_joins_with_its_score()
    {
        var index = new StoryIndex(new StoriesOptions());
        index.Add(Article(1, 1, "https://agency.example/floods", FloodsTitle, FloodsSummary), 10);

        var match = index.FindMatch(Article(2, 2, "https://paper.example/floods", "UPDATE 1-" + FloodsTitle, FloodsSummary, hours: 2));

        Assert.NotNull(match);
        Assert.Equal(10, match.StoryId);
        Assert.Equal(StoryMatchReason.SimilarText, match.Reason);
        Assert.True(match.Score > 0.9);
    }

    [Fact]
    public void Near_duplicate_from_the_same_feed_does_not_join_unless_allowed()
    {
        var copy = Article(2, 1, "https://agency.example/floods-update", FloodsTitle, FloodsSummary, hours: 1);
        var index = new StoryIndex(new StoriesOptions());
        index.Add(Article(1, 1, "https://agency.example/floods", FloodsTitle, FloodsSummary), 10);
        Assert.Null(index.FindMatch(copy));

        var permissive = new StoryIndex(new StoriesOptions { MatchSameFeed = true });
        permissive.Add(Article(1, 1, "https://agency.example/floods", FloodsTitle, FloodsSummary), 10);
        Assert.Equal(10, permissive.FindMatch(copy)?.StoryId);
    }

    [Fact]
    public void Different_story_does_not_join()
    {
        var index = new StoryIndex(new StoriesOptions());
        index.Add(Article(1, 1, "https://a.example/1", FloodsTitle, FloodsSummary), 10);

        Assert.Null(index.FindMatch(Article(2, 2, "https://b.example/2", "Apple unveils iPhone with camera button",
            "Apple unveiled its new iPhone lineup on Monday with a dedicated camera button.", hours: 1)));
        Assert.Null(index.FindMatch(Article(3, 2, "https://b.example/3", "Floods kill at least 50 in Nepal",
            "Heavy monsoon rains and flooding in Nepal have killed at least 50 people and left dozens missing.", hours: 1)));
    }

    [Fact]
    public void Articles_further_apart_than_the_window_do_not_join()
    {
        var index = new StoryIndex(new StoriesOptions { Window = TimeSpan.FromHours(48) });
        index.Add(Article(1, 1, "https://a.example/1", FloodsTitle, FloodsSummary), 10);

        Assert.Null(index.FindMatch(Article(2, 2, "https://b.example/2", FloodsTitle, FloodsSummary, hours: 49)));
        Assert.NotNull(index.FindMatch(Article(3, 2, "https://b.example/3", FloodsTitle, FloodsSummary, hours: 47)));
    }

    [Fact]
    public void Eviction_forgets_articles_older_than_the_cutoff()
    {
        var index = new StoryIndex(new StoriesOptions());
        index.Add(Article(1, 1, "https://a.example/old", FloodsTitle, FloodsSummary), 10);
        index.Add(Article(2, 1, "https://a.example/new", "Apple unveils iPhone", "A camera button.", hours: 30), 11);

        Assert.Equal(1, index.EvictOlderThan(Start.AddHours(1)));

        Assert.Equal(1, index.Count);
        Assert.Null(index.FindMatch(Article(3, 2, "https://a.example/old", "x", "y", hours: 31)));
        Assert.Null(index.FindMatch(Article(4, 2, "https://b.example/floods", FloodsTitle, FloodsSummary, hours: 31)));
        Assert.Equal(11, index.FindMatch(Article(5, 2, "https://a.example/new", "x", "y", hours: 31))?.StoryId);
        Assert.Equal(0, index.EvictOlderThan(Start.AddHours(1)));
    }

    [Fact]
    public void Add_is_idempotent_and_a_known_article_finds_its_own_story()
    {
        var index = new StoryIndex(new StoriesOptions());
        var article = Article(1, 1, "https://a.example/1", FloodsTitle, FloodsSummary);
        index.Add(article, 10);
        index.Add(article, 10);
        index.Add(Article(1, 1, "https://a.example/1", FloodsTitle, FloodsSummary), 99);

        Assert.Equal(1, index.Count);
        Assert.Equal(new StoryMatch(10, 1, 1, StoryMatchReason.SameArticle), index.FindMatch(article));
        Assert.Equal(1, index.EvictOlderThan(Start.AddDays(3)));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Article_without_words_or_url_starts_its_own_story()
    {
        var index = new StoryIndex(new StoriesOptions());
        index.Add(Article(1, 1, null, "", ""), 10);
        Assert.Null(index.FindMatch(Article(2, 2, null, "", "")));
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new StoryIndex(new StoriesOptions { Window = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new StoryIndex(new StoriesOptions { SimilarityThreshold = 0 }));
        Assert.Throws<ArgumentException>(() => new StoryIndex(new StoriesOptions { Bands = 0 }));
    }
}
