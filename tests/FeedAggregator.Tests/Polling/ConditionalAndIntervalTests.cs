using Dapper;
using FeedAggregator.Polling;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.Polling;

/// <summary>Doing nothing costs nearly nothing (304, same body), and the interval follows the feed's own rhythm
/// and the publisher's hints.</summary>
public sealed class ConditionalAndIntervalTests : PollingTestBase
{
    [Fact]
    public async Task An_unchanged_feed_is_asked_conditionally_and_a_304_stores_nothing_but_bookkeeping()
    {
        Farm.Serve("/news.rss", Rss("News", "https://news.example", new Item("a", "One", T.AddHours(-1)), new Item("b", "Two", T.AddHours(-2))));
        var feed = await Rig.AddAsync(Farm.Url("/news.rss"));
        Assert.Equal(RefreshStatus.Changed, (await Rig.RefreshAsync(feed.Id)).Status);
        var before = await ArticleStateAsync();

        await Rig.AdvanceToNextPollAsync(feed.Id);
        var outcome = await Rig.RefreshAsync(feed.Id);

        Assert.Equal(RefreshStatus.NotModified, outcome.Status);
        var second = Farm.Requests.Last();
        Assert.NotEmpty(second.IfNoneMatch);
        Assert.Equal(before, await ArticleStateAsync());
        var stored = await Rig.GetAsync(feed.Id);
        Assert.Equal(304, stored.LastStatus);
        Assert.Equal(Rig.Clock.GetUtcNow().ToUnixTimeMilliseconds(), stored.LastSuccessAt);
    }

    [Fact]
    public async Task A_200_with_the_same_body_as_last_time_is_not_parsed_again()
    {
        // No validators at all: the server answers 200 with the same bytes every time.
        var body = System.Text.Encoding.UTF8.GetBytes(Rss("News", "https://news.example", new Item("a", "One", T.AddHours(-1))));
        Farm.Handle("/plain.rss", async ctx => { ctx.Response.ContentType = "application/rss+xml"; await ctx.Response.Body.WriteAsync(body); });
        var feed = await Rig.AddAsync(Farm.Url("/plain.rss"));
        Assert.Equal(1, (await Rig.RefreshAsync(feed.Id)).New);
        var before = await ArticleStateAsync();

        await Rig.AdvanceToNextPollAsync(feed.Id);
        var outcome = await Rig.RefreshAsync(feed.Id);

        // A parse would have counted the entry as "unchanged"; the body hash skipped the parse altogether.
        Assert.Equal((RefreshStatus.Unchanged, 0, 0, 0), (outcome.Status, outcome.New, outcome.Updated, outcome.Unchanged));
        Assert.Equal(before, await ArticleStateAsync());
    }

    [Fact]
    public async Task The_interval_comes_from_the_feeds_publishing_history_and_survives_304s()
    {
        var items = Enumerable.Range(0, 8).Select(i => new Item($"g{i}", $"Post {i}", T.AddMinutes(-20).AddHours(-2 * i))).ToArray();
        Farm.Serve("/bihourly.rss", Rss("Every two hours", "https://b.example", items));
        var feed = await Rig.AddAsync(Farm.Url("/bihourly.rss"));
        await Rig.RefreshAsync(feed.Id);

        var stored = await Rig.GetAsync(feed.Id);
        Assert.Equal(7200, stored.IntervalSeconds);
        Assert.StartsWith("publishing history", stored.IntervalReason);
        Assert.InRange(stored.NextPollAt - T.ToUnixTimeMilliseconds(), 7_200_000, 7_920_000);

        await Rig.AdvanceToNextPollAsync(feed.Id);
        Assert.Equal(RefreshStatus.NotModified, (await Rig.RefreshAsync(feed.Id)).Status);
        Assert.Equal(7200, (await Rig.GetAsync(feed.Id)).IntervalSeconds);
    }

    [Fact]
    public async Task Ttl_and_cache_control_are_floors_and_are_remembered_for_304s()
    {
        var items = Enumerable.Range(0, 8).Select(i => new Item($"g{i}", $"Post {i}", T.AddMinutes(-5 * i))).ToArray();
        Farm.Serve("/ttl.rss", Rss("Busy but asks for 3 h", "https://t.example", items).Replace("<description>Test channel</description>",
            "<description>Test channel</description><ttl>180</ttl><skipDays><day>Wednesday</day></skipDays>"));
        var feed = await Rig.AddAsync(Farm.Url("/ttl.rss"));
        await Rig.RefreshAsync(feed.Id);
        var stored = await Rig.GetAsync(feed.Id);
        Assert.Equal((10800L, "RSS ttl"), (stored.IntervalSeconds!.Value, stored.IntervalReason!));

        // Tuesday 12:00 + 3 h is not Wednesday; after a 304 the stored ttl still holds.
        await Rig.AdvanceToNextPollAsync(feed.Id);
        await Rig.RefreshAsync(feed.Id);
        Assert.Equal(10800, (await Rig.GetAsync(feed.Id)).IntervalSeconds);

        var cached = System.Text.Encoding.UTF8.GetBytes(Rss("Cached", "https://c.example", items));
        Farm.Handle("/cached.rss", async ctx =>
        {
            ctx.Response.Headers.CacheControl = "public, max-age=14400";
            await ctx.Response.Body.WriteAsync(cached);
        });
        var c = await Rig.AddAsync(Farm.Url("/cached.rss"));
        await Rig.RefreshAsync(c.Id);
        Assert.Equal((14400L, "Cache-Control/Expires"), ((await Rig.GetAsync(c.Id)).IntervalSeconds!.Value, (await Rig.GetAsync(c.Id)).IntervalReason!));
    }

    [Fact]
    public async Task Skip_days_push_the_next_poll_past_the_skipped_day()
    {
        var items = Enumerable.Range(0, 8).Select(i => new Item($"g{i}", $"Post {i}", T.AddHours(-i))).ToArray();
        Farm.Serve("/weekday.rss", Rss("Not on Tuesdays", "https://w.example", items).Replace("<description>Test channel</description>",
            "<description>Test channel</description><skipDays><day>Tuesday</day></skipDays>"));
        var feed = await Rig.AddAsync(Farm.Url("/weekday.rss"));
        await Rig.RefreshAsync(feed.Id);
        var stored = await Rig.GetAsync(feed.Id);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), stored.NextPollAt);
        Assert.EndsWith("skipHours/skipDays", stored.IntervalReason);
    }

    private async Task<(long Count, long LastChange, long Writes)> ArticleStateAsync()
    {
        await using var c = await Rig.Db.OpenAsync(default);
        return await c.QuerySingleAsync<(long, long, long)>(
            "SELECT count(*), coalesce(max(changed_at), 0), (SELECT count(*) FROM stories) FROM articles");
    }
}
