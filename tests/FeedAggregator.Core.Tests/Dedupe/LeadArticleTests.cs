using FeedAggregator.Dedupe;

namespace FeedAggregator.Core.Tests.Dedupe;

public sealed class LeadArticleTests
{
    private static readonly DateTimeOffset Noon = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private sealed record Item(string Name, DateTimeOffset Published, int Length);

    private static string Lead(params Item[] items) => LeadArticle.Choose(items, i => i.Published, i => i.Length).Name;

    [Fact]
    public void Earliest_article_leads() =>
        Assert.Equal("first", Lead(new("second", Noon.AddHours(1), 500), new("first", Noon, 400)));

    [Fact]
    public void Much_more_complete_later_article_replaces_a_short_earliest() =>
        Assert.Equal("full", Lead(new("flash", Noon, 60), new("full", Noon.AddHours(1), 180), new("longer", Noon.AddHours(2), 900)));

    [Fact]
    public void Somewhat_longer_later_article_does_not_replace_the_earliest() =>
        Assert.Equal("flash", Lead(new("flash", Noon, 60), new("later", Noon.AddHours(1), 179)));

    [Fact]
    public void Earliest_that_is_not_short_keeps_the_lead() =>
        Assert.Equal("first", Lead(new("first", Noon, LeadArticle.ShortTextLength), new("huge", Noon.AddHours(1), 10_000)));

    [Fact]
    public void Ties_in_time_go_to_input_order() =>
        Assert.Equal("a", Lead(new("a", Noon, 300), new("b", Noon, 300)));

    [Fact]
    public void No_articles_is_an_error() =>
        Assert.Throws<ArgumentException>(() => LeadArticle.Choose(Array.Empty<Item>(), i => i.Published, i => i.Length));
}
