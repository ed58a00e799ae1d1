using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;
using FeedAggregator.Tests.Polling;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.WebSub;

/// <summary>A feed its hub pushes is polled only every Polling:MaxInterval as a safety net, and at its normal interval
/// again as soon as pushes stop for that long or the lease lapses. The app's polling services on a fake clock, the
/// feed on a loopback server.</summary>
public sealed class WebSubFallbackPollingTests : IAsyncLifetime
{
    private const string Pushed = "pushed by its WebSub hub; polled as a fallback";
    private readonly TempDir _dir = new();
    private FeedFarm _farm = null!;
    private PollingRig _rig = null!;

    public async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        _rig = await PollingRig.StartAsync(_dir, null, ("WebSub:Subscribe", "true"), ("Publishing:BaseUrl", "http://feeds.example"));
    }

    public async Task DisposeAsync()
    {
        await _rig.DisposeAsync();
        await _farm.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<long> SubscribedFeedAsync(int leaseSeconds)
    {
        _farm.Serve("/src.atom", Atom("Pushed News", "https://pushed.example", new Item("p1", "Harbour bridge reopens", PollingRig.Start.AddHours(-1)))
            .Replace("<title>", $"<link rel=\"hub\" href=\"{_farm.Url("/hub")}\"/><title>"), "application/atom+xml");
        var feed = await _rig.AddAsync(_farm.Url("/src.atom"));
        await _rig.RefreshAsync(feed.Id);
        var subscriptions = _rig.Get<SourceSubscriptionStore>();
        Assert.NotNull(await subscriptions.FindAsync(feed.Id, default));
        // What the WebSub job and the hub's verification write (WebSubSubscriber), on the fake clock.
        await subscriptions.RequestedAsync(feed.Id, _rig.Clock.GetUtcNow(), null, default);
        await subscriptions.VerifiedAsync(feed.Id, _rig.Clock.GetUtcNow(), leaseSeconds, default);
        return feed.Id;
    }

    private async Task<string?> ReasonAfterPollAsync(long feedId)
    {
        await _rig.RefreshAsync(feedId);
        return (await _rig.GetAsync(feedId)).IntervalReason;
    }

    [Fact]
    public async Task While_pushes_come_the_feed_waits_the_longest_interval_and_once_they_stop_for_that_long_its_normal_one_is_back()
    {
        var feedId = await SubscribedFeedAsync(leaseSeconds: 7 * 24 * 3600);
        await _rig.Get<SourceSubscriptionStore>().PushedAsync(feedId, _rig.Clock.GetUtcNow(), default);
        Assert.Equal(Pushed, await ReasonAfterPollAsync(feedId));
        Assert.Equal((long)TimeSpan.FromHours(12).TotalSeconds, (await _rig.GetAsync(feedId)).IntervalSeconds);

        _rig.Clock.Advance(TimeSpan.FromHours(6));
        await _rig.Get<SourceSubscriptionStore>().PushedAsync(feedId, _rig.Clock.GetUtcNow(), default);
        Assert.Equal(Pushed, await ReasonAfterPollAsync(feedId));

        // No push for longer than Polling:MaxInterval, the lease still running: polled normally.
        _rig.Clock.Advance(TimeSpan.FromHours(12.5));
        var reason = await ReasonAfterPollAsync(feedId);
        Assert.NotEqual(Pushed, reason);
        Assert.True((await _rig.GetAsync(feedId)).IntervalSeconds < (long)TimeSpan.FromHours(12).TotalSeconds, reason);
    }

    [Fact]
    public async Task When_the_lease_lapses_the_feed_is_polled_at_its_normal_interval_even_right_after_a_push()
    {
        var feedId = await SubscribedFeedAsync(leaseSeconds: 3600);
        Assert.Equal(Pushed, await ReasonAfterPollAsync(feedId));
        // A stretched poll never waits past the lease's end.
        Assert.Equal(PollingRig.Start.AddHours(1).ToUnixTimeMilliseconds(), (await _rig.GetAsync(feedId)).NextPollAt);

        _rig.Clock.Advance(TimeSpan.FromMinutes(61));
        await _rig.Get<SourceSubscriptionStore>().PushedAsync(feedId, _rig.Clock.GetUtcNow(), default);
        Assert.NotEqual(Pushed, await ReasonAfterPollAsync(feedId));
    }
}
