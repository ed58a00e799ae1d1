using FeedAggregator.Feeds;
using FeedAggregator.Polling;

namespace FeedAggregator.Core.Tests.Polling;

public sealed class PollerTests
{
    [Fact]
    public void Due_feeds_are_taken_round_robin_over_hosts()
    {
        static Feed F(string url) => new() { Url = url };
        var due = new[] { F("http://a/1"), F("http://a/2"), F("http://a/3"), F("http://b/1"), F("http://c/1"), F("http://b/2") };
        Assert.Equal(["http://a/1", "http://b/1", "http://c/1", "http://a/2", "http://b/2", "http://a/3"],
            Poller.InterleaveHosts(due).Select(f => f.Url));
    }
}
