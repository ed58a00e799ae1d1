using FeedAggregator.Dedupe;

namespace FeedAggregator.Tests;

/// <summary>The semantic decider with the real model: articles inside the window are embedded and join by meaning;
/// articles older than the window (a first poll's archives, InWindow false) are not embedded and join by URL or
/// headline only.</summary>
public sealed class SemanticDeciderWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<StoryDecision> Decide(bool inWindow, params (string Title, string? Url)[] articles)
    {
        var decider = new SemanticStoryDecider(new StoriesOptions());
        var batch = articles.Select((a, i) => new StoryCandidate
        {
            ArticleId = i + 1, FeedId = i + 1, Title = a.Title, CanonicalUrl = a.Url, PublishedAt = T0.AddMinutes(20 * i), InWindow = inWindow,
        }).ToList();
        decider.PrepareAsync(batch, default).AsTask().GetAwaiter().GetResult();
        return decider.Decide(batch);
    }

    [Fact]
    public void A_rewording_inside_the_window_joins_by_meaning_but_not_among_old_archives()
    {
        (string, string?)[] pair = [("Nearly 200 nations adopt Paris climate agreement", null), ("Landmark climate deal agreed in Paris by 195 countries", null)];

        var recent = Decide(inWindow: true, pair);
        Assert.Equal(1, recent[1].WithArticleId);
        Assert.Equal(StoryMatchReason.SimilarMeaning, recent[1].Reason);

        Assert.True(Decide(inWindow: false, pair)[1].StartsStory);
    }

    [Fact]
    public void Old_archives_still_join_by_url_and_by_headline()
    {
        var old = Decide(inWindow: false,
            ("Nearly 200 nations adopt Paris climate agreement", "https://wire.example/paris"),
            ("Paris: the deal is done", "https://wire.example/paris"),
            ("Nearly 200 nations adopt Paris climate agreement - Harbour Herald", null));
        Assert.Equal(StoryMatchReason.SameUrl, old[1].Reason);
        Assert.Equal(StoryMatchReason.SameTitle, old[2].Reason);
    }

    [Fact]
    public async Task A_recent_article_finds_an_old_unembedded_copy_by_url_or_headline()
    {
        // The old ones are kept out of the window's vector scan: only their URL and headline can be found.
        var decider = new SemanticStoryDecider(new StoriesOptions());
        StoryCandidate Candidate(long id, string title, string? url, bool inWindow) => new()
        {
            ArticleId = id, FeedId = id, Title = title, CanonicalUrl = url, PublishedAt = T0.AddMinutes(20 * id), InWindow = inWindow,
        };
        var batch = new List<StoryCandidate>
        {
            Candidate(1, "Nearly 200 nations adopt Paris climate agreement", "https://wire.example/paris", inWindow: false),
            Candidate(2, "Central bank holds rates at 4% as inflation cools", null, inWindow: false),
            Candidate(3, "Paris: the deal is done", "https://wire.example/paris", inWindow: true),
            Candidate(4, "Central bank holds rates at 4% as inflation cools", null, inWindow: true),
        };
        await decider.PrepareAsync(batch, default);
        var decisions = decider.Decide(batch);
        Assert.Equal((1, StoryMatchReason.SameUrl), (decisions[2].WithArticleId, decisions[2].Reason));
        Assert.Equal((2, StoryMatchReason.SameTitle), (decisions[3].WithArticleId, decisions[3].Reason));
    }
}
