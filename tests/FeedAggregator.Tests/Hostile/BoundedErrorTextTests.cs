using FeedAggregator.Feeds;
using FeedAggregator.Polling;
using FeedAggregator.Tests.Polling;

namespace FeedAggregator.Tests.Hostile;

/// <summary>Issue 12 point 5: a hostile page cannot make the error stored on a feed (and shown everywhere) huge.</summary>
public sealed class BoundedErrorTextTests : PollingTestBase
{
    [Fact]
    public async Task A_page_announcing_ten_thousand_dead_feed_links_stores_a_short_error_that_says_how_many_more()
    {
        var links = string.Concat(Enumerable.Range(0, 10_000).Select(i => $"<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/page?feed={i}\">"));
        Farm.Serve("/page", $"<!doctype html><html><head>{links}</head><body>hello</body></html>", "text/html");
        var feed = await Rig.AddAsync(Farm.Url("/page"));

        var outcome = await Rig.RefreshAsync(feed.Id);

        Assert.Equal(RefreshStatus.Error, outcome.Status);
        var stored = (await Rig.GetAsync(feed.Id)).LastError!;
        Assert.True(stored.Length <= ErrorText.MaxChars + 50, $"{stored.Length} characters stored");
        Assert.Contains("and 9,997 more", stored);
        Assert.Equal(4, Farm.CountRequests("/page")); // the page, then only the first three of its links
    }

    [Fact]
    public void Any_long_text_is_cut_with_the_count_of_what_was_left_out()
    {
        var text = string.Join(" ", Enumerable.Repeat("word", 2_000));
        var bounded = ErrorText.Bound(text);
        Assert.True(bounded.Length <= ErrorText.MaxChars);
        Assert.Matches(@"… and [\d,]+ more characters$", bounded);
        Assert.Equal("short", ErrorText.Bound("short"));
    }
}
