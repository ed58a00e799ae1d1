using Dapper;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;
using FeedAggregator.Parse;
using FeedAggregator.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeedAggregator.Core.Tests.Store;

public abstract class RetentionTests(string provider) : IDisposable
{
    private readonly TestDatabase _t = new(provider);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _t.Dispose();

    [SkippableFact]
    public async Task Old_articles_and_their_empty_stories_go_but_a_story_with_a_recent_source_stays_whole()
    {
        await _t.Db.MigrateAsync(default);
        var a = await StoredArticles.AddFeedAsync(_t.Db, _clock, "https://a.example/rss");
        var b = await StoredArticles.AddFeedAsync(_t.Db, _clock, "https://b.example/rss");
        var stage = StoredArticles.NewStage(_t.Db, _clock, new StoriesOptions { Window = TimeSpan.FromDays(30) });
        Task Store(long feed, string url, ParsedEntry e) => StoredArticles.StoreAsync(_t.Db, stage, feed, url, _clock.GetUtcNow(), e);

        await Store(a, "https://a.example/rss", new ParsedEntry { Id = "old", Title = "Old story", Link = "https://a.example/old", Published = _clock.GetUtcNow() });
        await Store(a, "https://a.example/rss", new ParsedEntry { Id = "long", Title = "Long running story", Link = "https://wire.example/long", Published = _clock.GetUtcNow() });
        _clock.Advance(TimeSpan.FromDays(20));
        await Store(b, "https://b.example/rss", new ParsedEntry { Id = "long-b", Title = "Long running story", Link = "https://wire.example/long?utm_source=b", Published = _clock.GetUtcNow() });
        _clock.Advance(TimeSpan.FromDays(5));

        var retention = new RetentionStore(_t.Db, Options.Create(new RetentionOptions { Days = 10, KeepPerFeed = 0 }), _clock, NullLogger<RetentionStore>.Instance);
        Assert.Equal((1, 1), await retention.PurgeAsync(default));

        await using var c = await _t.Db.OpenAsync(default);
        Assert.Equal(["Long running story", "Long running story"], (await c.QueryAsync<string>("SELECT title FROM articles ORDER BY id")).AsList());
        Assert.Equal(1, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM stories"));
        Assert.Equal((0, 0), await retention.PurgeAsync(default));
    }

    [SkippableFact]
    public async Task Zero_days_keeps_everything()
    {
        await _t.Db.MigrateAsync(default);
        var retention = new RetentionStore(_t.Db, Options.Create(new RetentionOptions { Days = 0 }), _clock, NullLogger<RetentionStore>.Instance);
        Assert.Equal((0, 0), await retention.PurgeAsync(default));
    }
}

public sealed class SqliteRetentionTests() : RetentionTests(StorageOptions.Sqlite);

public sealed class PostgresRetentionTests() : RetentionTests(StorageOptions.Postgres);
