using FeedAggregator.Polling;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.Polling;

/// <summary>Errors back off and recover by themselves; "slow down" applies to the whole host, across restarts;
/// only 410 and a long run of 404s stop a feed, with a reason.</summary>
public sealed class ErrorRecoveryTests : PollingTestBase
{
    private static string Feed(string guid) => Rss("News", "https://news.example", new Item(guid, "Story " + guid, T.AddHours(-1)));

    [Fact]
    public async Task Backoff_doubles_per_failure_and_a_success_resets_it()
    {
        Farm.Status("/flaky.rss", 500);
        var feed = await Rig.AddAsync(Farm.Url("/flaky.rss"));
        var waits = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            await Rig.AdvanceToNextPollAsync(feed.Id);
            Assert.Equal(RefreshStatus.Error, (await Rig.RefreshAsync(feed.Id)).Status);
            waits.Add((await Rig.GetAsync(feed.Id)).IntervalSeconds!.Value);
        }
        Assert.Equal([600L, 1200, 2400, 4800], waits);
        var failing = await Rig.GetAsync(feed.Id);
        Assert.Equal((4, "HTTP 500 Internal Server Error", 500), (failing.ErrorCount, failing.LastError!, failing.LastStatus!.Value));
        Assert.True(failing.Enabled);

        Farm.Serve("/flaky.rss", Feed("x"));
        await Rig.AdvanceToNextPollAsync(feed.Id);
        Assert.Equal(RefreshStatus.Changed, (await Rig.RefreshAsync(feed.Id)).Status);
        var recovered = await Rig.GetAsync(feed.Id);
        Assert.Equal(0, recovered.ErrorCount);
        Assert.Equal("HTTP 500 Internal Server Error", recovered.LastError); // kept, shown as "(recovered)"
        Assert.Equal("ok", FeedAggregator.Feeds.FeedHealth.State(recovered));
    }

    [Fact]
    public async Task Retry_after_on_429_defers_every_feed_of_that_host_even_after_a_restart()
    {
        Farm.Handle("/limited.rss", ctx => { ctx.Response.StatusCode = 429; ctx.Response.Headers.RetryAfter = "7200"; return Task.CompletedTask; });
        Farm.Serve("/other.rss", Feed("o"));
        var limited = await Rig.AddAsync(Farm.Url("/limited.rss"));
        var other = await Rig.AddAsync(Farm.Url("/other.rss"));

        Assert.Equal(RefreshStatus.Error, (await Rig.RefreshAsync(limited.Id)).Status);
        var waited = await Rig.GetAsync(limited.Id);
        Assert.Equal("Retry-After", waited.IntervalReason);
        Assert.True(waited.NextPollAt >= T.AddHours(2).ToUnixTimeMilliseconds());

        // Same host: not even asked.
        var deferred = await Rig.RefreshAsync(other.Id);
        Assert.Equal(RefreshStatus.Deferred, deferred.Status);
        Assert.Equal(0, Farm.CountRequests("/other.rss"));
        var otherNow = await Rig.GetAsync(other.Id);
        Assert.True(otherNow.NextPollAt >= T.AddHours(2).ToUnixTimeMilliseconds());
        Assert.Equal(0, otherNow.ErrorCount);
        Assert.StartsWith("host cooling down", otherNow.IntervalReason);

        // A restart (new services on the same database) remembers the host's cooldown.
        await Rig.DisposeAsync();
        Rig = await PollingRig.StartAsync(Dir, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T.AddHours(1)));
        Assert.Equal(RefreshStatus.Deferred, (await Rig.RefreshAsync(other.Id)).Status);
        Assert.Equal(0, Farm.CountRequests("/other.rss"));

        // After the wait, polling resumes by itself.
        Rig.Clock.SetUtcNow(T.AddHours(2).AddMinutes(1));
        Assert.Equal(RefreshStatus.Changed, (await Rig.RefreshAsync(other.Id)).Status);
    }

    [Fact]
    public async Task A_503_with_retry_after_cools_the_host_too()
    {
        Farm.Handle("/maint.rss", ctx => { ctx.Response.StatusCode = 503; ctx.Response.Headers.RetryAfter = "600"; return Task.CompletedTask; });
        Farm.Serve("/other.rss", Feed("o"));
        var maint = await Rig.AddAsync(Farm.Url("/maint.rss"));
        var other = await Rig.AddAsync(Farm.Url("/other.rss"));
        await Rig.RefreshAsync(maint.Id);
        Assert.Equal(RefreshStatus.Deferred, (await Rig.RefreshAsync(other.Id)).Status);
        Rig.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(RefreshStatus.Changed, (await Rig.RefreshAsync(other.Id)).Status);
    }

    [Fact]
    public async Task Gone_410_disables_the_feed_with_a_reason()
    {
        Farm.Status("/gone.rss", 410);
        var feed = await Rig.AddAsync(Farm.Url("/gone.rss"));
        var outcome = await Rig.RefreshAsync(feed.Id);
        Assert.StartsWith("disabled: gone", outcome.Note);
        var stored = await Rig.GetAsync(feed.Id);
        Assert.False(stored.Enabled);
        Assert.StartsWith("gone: the publisher answered 410", stored.DisabledReason);
        Assert.Equal("gone", FeedAggregator.Feeds.FeedHealth.State(stored));
        Assert.DoesNotContain(await Rig.Feeds.DueAsync(all: true, default), f => f.Id == feed.Id);

        // Subscribing again by hand re-enables it.
        await Rig.AddAsync(Farm.Url("/gone.rss"));
        Assert.True((await Rig.GetAsync(feed.Id)).Enabled);
    }

    [Fact]
    public async Task A_404_is_retried_with_backoff_and_only_after_days_of_404s_the_feed_is_marked_dead()
    {
        Farm.Status("/missing.rss", 404);
        var feed = await Rig.AddAsync(Farm.Url("/missing.rss"));
        var polls = 0;
        while ((await Rig.GetAsync(feed.Id)).Enabled && polls < 50)
        {
            await Rig.AdvanceToNextPollAsync(feed.Id);
            await Rig.RefreshAsync(feed.Id);
            polls++;
        }
        var dead = await Rig.GetAsync(feed.Id);
        Assert.False(dead.Enabled);
        Assert.StartsWith("dead: 404 Not Found on every poll since 2026-11-24", dead.DisabledReason);
        var elapsed = Rig.Clock.GetUtcNow() - T;
        Assert.InRange(elapsed, TimeSpan.FromDays(7), TimeSpan.FromDays(8.2));
        Assert.InRange(polls, 8, 20); // backoff: hours, then a day apart, not every ten minutes
    }

    [Fact]
    public async Task A_success_in_between_ends_the_run_of_404s()
    {
        Farm.Status("/wobbly.rss", 404);
        var feed = await Rig.AddAsync(Farm.Url("/wobbly.rss"));
        await Rig.RefreshAsync(feed.Id);
        Assert.NotNull((await Rig.GetAsync(feed.Id)).NotFoundSince);
        Rig.Clock.Advance(TimeSpan.FromDays(5));
        Farm.Serve("/wobbly.rss", Feed("w"));
        await Rig.RefreshAsync(feed.Id);
        Assert.Null((await Rig.GetAsync(feed.Id)).NotFoundSince);
        Farm.Status("/wobbly.rss", 404);
        Rig.Clock.Advance(TimeSpan.FromDays(3));
        await Rig.RefreshAsync(feed.Id);
        Assert.True((await Rig.GetAsync(feed.Id)).Enabled);
    }
}
