using Dapper;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.Polling;

/// <summary>Retention through the real polling services: a quiet blog keeps its newest entries, and what retention
/// deleted stays deleted while an archive feed keeps listing it.</summary>
public sealed class RetentionPollingTests : PollingTestBase
{
    private static Item[] Posts(int count, DateTimeOffset newest) =>
        Enumerable.Range(0, count).Select(i => new Item($"post-{i}", $"Old post {i}", newest.AddDays(-i))).ToArray();

    private async Task<List<string>> TitlesAsync()
    {
        await using var c = await Rig.Db.OpenAsync(default);
        return (await c.QueryAsync<string>("SELECT title FROM articles")).AsList();
    }

    private async Task<PollingRig> RigWith(int days, int keep)
    {
        await Rig.DisposeAsync();
        return await PollingRig.StartAsync(Dir, null, ("Retention:Days", days.ToString()), ("Retention:KeepPerFeed", keep.ToString()));
    }

    [Fact]
    public async Task An_old_blog_keeps_its_newest_entries_and_an_archive_feed_never_brings_back_what_retention_deleted()
    {
        Rig = await RigWith(days: 90, keep: 50);
        // A blog whose newest post is a year old, listing its whole archive of 60 posts.
        var archive = Posts(60, T.AddDays(-365));
        Farm.Serve("/blog.rss", Rss("Quiet blog", "https://blog.example", archive));
        var feed = await Rig.AddAsync(Farm.Url("/blog.rss"));

        var first = await Rig.RefreshAsync(feed.Id);
        Assert.Equal(60, first.New);

        Rig.Clock.Advance(TimeSpan.FromDays(100));
        var (deleted, _) = await Rig.Get<RetentionStore>().PurgeAsync(default);
        Assert.Equal(10, deleted);
        var kept = await TitlesAsync();
        Assert.Equal(50, kept.Count);
        Assert.Contains("Old post 0", kept);
        Assert.DoesNotContain("Old post 59", kept);

        // The blog posts again and still lists the whole archive: only the new post is new.
        Farm.Serve("/blog.rss", Rss("Quiet blog", "https://blog.example", [new Item("fresh", "A new post", Rig.Clock.GetUtcNow().AddHours(-1)), .. archive]));
        await Rig.AdvanceToNextPollAsync(feed.Id);
        var second = await Rig.RefreshAsync(feed.Id);
        Assert.Equal((1, 0), (second.New, second.Updated));
        var titles = await TitlesAsync();
        Assert.Equal(51, titles.Count);
        Assert.DoesNotContain("Old post 59", titles);

        // The next clean-up keeps the newest 50 again: the new post and posts 0–48.
        Assert.Equal(1, (await Rig.Get<RetentionStore>().PurgeAsync(default)).Articles);
        var stats = (await Rig.Get<ArticleStore>().StatsByFeedAsync(T, default))[feed.Id];
        Assert.Equal(50, stats.Entries);
    }

    [Fact]
    public async Task A_tombstone_lasts_while_the_feed_lists_its_entry_and_is_forgotten_once_the_entry_has_left_the_feed_for_the_retention_period()
    {
        Rig = await RigWith(days: 10, keep: 1);
        var newest = new Item("c", "Newest", T.AddHours(-1));
        var a = new Item("a", "Archived A", T.AddDays(-30));
        var b = new Item("b", "Archived B", T.AddDays(-20));
        Farm.Serve("/f.rss", Rss("F", "https://f.example", newest, a, b));
        var feed = await Rig.AddAsync(Farm.Url("/f.rss"));
        await Rig.RefreshAsync(feed.Id);
        Rig.Clock.Advance(TimeSpan.FromDays(11));
        Assert.Equal(2, (await Rig.Get<RetentionStore>().PurgeAsync(default)).Articles);
        Assert.Equal(2, (await Rig.Get<TombstoneStore>().KeysAsync(feed.Id, default)).Count);

        // B leaves the feed; A stays listed (a changed body, so it is parsed).
        var newer = new Item("d", "Newer", Rig.Clock.GetUtcNow().AddHours(-1));
        Farm.Serve("/f.rss", Rss("F", "https://f.example", newer, newest, a));
        await Rig.AdvanceToNextPollAsync(feed.Id);
        Assert.Equal(1, (await Rig.RefreshAsync(feed.Id)).New);

        Rig.Clock.Advance(TimeSpan.FromDays(11));
        await Rig.Get<RetentionStore>().PurgeAsync(default);
        var tombstones = await Rig.Get<TombstoneStore>().KeysAsync(feed.Id, default);
        Assert.True(tombstones.ContainsKey("id:" + a.Guid), "A is still listed by the feed, so its tombstone stays");
        Assert.False(tombstones.ContainsKey("id:" + b.Guid), "B left the feed more than Retention:Days ago");

        // And A still does not come back.
        Farm.Serve("/f.rss", Rss("F", "https://f.example", new Item("e", "Newest again", Rig.Clock.GetUtcNow()), newer, newest, a));
        await Rig.AdvanceToNextPollAsync(feed.Id);
        await Rig.RefreshAsync(feed.Id);
        Assert.DoesNotContain("Archived A", await TitlesAsync());
    }
}
