using FeedAggregator.Feeds;
using FeedAggregator.Parse;
using FeedAggregator.Store;
using Microsoft.Extensions.Time.Testing;

namespace FeedAggregator.Core.Tests.Store;

public abstract class ArticleStoreTests(string provider) : IDisposable
{
    private readonly TestDatabase _t = new(provider);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _t.Dispose();

    private async Task<(FeedStore Feeds, ArticleStore Articles, long FeedId)> SetUpAsync()
    {
        await _t.Db.MigrateAsync(default);
        var feeds = new FeedStore(_t.Db, _clock);
        await feeds.AddAsync(new FeedSubscription("https://news.example/rss", "News", "World"), FeedOrigin.Cli, default);
        var feed = (await feeds.FindAsync("https://news.example/rss", default))!;
        return (feeds, new ArticleStore(_t.Db), feed.Id);
    }

    private async Task<StoreCounts> StoreAsync(long feedId, params ParsedEntry[] entries)
    {
        await using var c = await _t.Db.OpenAsync(default);
        await using var tx = await c.BeginTransactionAsync();
        var counts = (await ArticleStore.UpsertAsync(c, tx, feedId, "https://news.example/rss", ArticleDraft.From(entries, _clock.GetUtcNow()), _clock.GetUtcNow(), default)).Counts;
        await tx.CommitAsync();
        return counts;
    }

    [SkippableFact]
    public async Task Storing_the_same_entries_again_adds_nothing()
    {
        var (_, articles, feedId) = await SetUpAsync();
        ParsedEntry[] entries = [new() { Id = "1", Title = "One" }, new() { Id = "2", Title = "Two" }];
        Assert.Equal(new StoreCounts(2, 0, 0), await StoreAsync(feedId, entries));
        for (var i = 0; i < 3; i++)
            Assert.Equal(new StoreCounts(0, 0, 2), await StoreAsync(feedId, entries));
        Assert.Equal(2, (await articles.LatestAsync(new ArticleQuery(10), default)).Count);
    }

    [SkippableFact]
    public async Task A_changed_entry_is_updated_in_place_and_keeps_its_first_seen_time()
    {
        var (_, articles, feedId) = await SetUpAsync();
        await StoreAsync(feedId, new ParsedEntry { Id = "1", Title = "Draft headline" });
        var before = (await articles.LatestAsync(new ArticleQuery(10), default)).Single();
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(new StoreCounts(0, 1, 0), await StoreAsync(feedId, new ParsedEntry { Id = "1", Title = "Final headline" }));
        var after = (await articles.LatestAsync(new ArticleQuery(10), default)).Single();
        Assert.Equal(before.Id, after.Id);
        Assert.Equal("Final headline", after.Title);
        Assert.Equal(before.FirstSeenAt, after.FirstSeenAt);
        Assert.Equal(_clock.GetUtcNow(), after.ChangedAt);
    }

    [SkippableFact]
    public async Task A_guid_repeated_inside_one_document_is_stored_once()
    {
        var (_, _, feedId) = await SetUpAsync();
        Assert.Equal(new StoreCounts(1, 0, 0), await StoreAsync(feedId,
            new ParsedEntry { Id = "dup", Title = "First copy" }, new ParsedEntry { Id = "dup", Title = "Second copy" }));
    }

    [SkippableFact]
    public async Task A_future_date_does_not_pin_an_entry_to_the_top()
    {
        var (_, articles, feedId) = await SetUpAsync();
        await StoreAsync(feedId,
            new ParsedEntry { Id = "future", Title = "Dated next year", Published = _clock.GetUtcNow().AddYears(1) },
            new ParsedEntry { Id = "past", Title = "Dated an hour ago", Published = _clock.GetUtcNow().AddHours(-1) });
        _clock.Advance(TimeSpan.FromMinutes(10));
        await StoreAsync(feedId, new ParsedEntry { Id = "new", Title = "Newest", Published = _clock.GetUtcNow() });
        var titles = (await articles.LatestAsync(new ArticleQuery(10), default)).Select(a => a.Title).ToList();
        Assert.Equal(["Newest", "Dated next year", "Dated an hour ago"], titles);
    }

    [SkippableFact]
    public async Task Lists_of_authors_categories_and_enclosures_round_trip()
    {
        var (_, articles, feedId) = await SetUpAsync();
        await StoreAsync(feedId, new ParsedEntry
        {
            Id = "pod", Title = "Episode 1", Authors = [new ParsedPerson("Ann", "ann@example.org", null)], Categories = ["Audio", "Talk"],
            Enclosures = [new ParsedEnclosure("https://cdn.example/ep1.mp3", "audio/mpeg", 12345)],
        });
        var a = (await articles.LatestAsync(new ArticleQuery(10), default)).Single();
        Assert.Equal("ann@example.org", a.Authors.Single().Email);
        Assert.Equal(["Audio", "Talk"], a.Categories);
        Assert.Equal(12345, a.Enclosures.Single().Length);
        Assert.Equal("News", a.FeedName);
        Assert.Equal("World", a.FeedCategory);
    }
}

public sealed class SqliteArticleStoreTests() : ArticleStoreTests(StorageOptions.Sqlite);

public sealed class PostgresArticleStoreTests() : ArticleStoreTests(StorageOptions.Postgres);
