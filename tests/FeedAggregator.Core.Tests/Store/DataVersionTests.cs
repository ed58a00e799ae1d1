using Dapper;
using FeedAggregator.Dedupe;
using FeedAggregator.Parse;
using FeedAggregator.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeedAggregator.Core.Tests.Store;

/// <summary>The published data's versions move with every write that changes what an output shows, and only then.</summary>
public abstract class DataVersionTests(string provider) : IDisposable
{
    private readonly TestDatabase _t = new(provider);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _t.Dispose();

    [SkippableFact]
    public async Task Storing_articles_renaming_a_feed_and_polling_bookkeeping_each_move_their_own_versions()
    {
        await _t.Db.MigrateAsync(default);
        var versions = new DataVersionStore(_t.Db);
        var v0 = await versions.ReadAsync(default);

        var feed = await StoredArticles.AddFeedAsync(_t.Db, _clock, "https://a.example/rss");
        var v1 = await versions.ReadAsync(default);
        Assert.True(v1.Articles > v0.Articles && v1.Feeds > v0.Feeds);

        await StoredArticles.StoreAsync(_t.Db, StoredArticles.NewStage(_t.Db, _clock), feed, "https://a.example/rss", _clock.GetUtcNow(),
            new ParsedEntry { Id = "1", Title = "Harbour bridge reopens", Link = "https://a.example/1", Published = _clock.GetUtcNow() });
        var v2 = await versions.ReadAsync(default);
        Assert.True(v2.Articles > v1.Articles);
        Assert.Equal(v1.Digests, v2.Digests);

        await using var c = await _t.Db.OpenAsync(default);
        // Polling bookkeeping: the status page's data changes, the merged feed's does not.
        await c.ExecuteAsync("UPDATE feeds SET next_poll_at = next_poll_at + 1, title = title");
        var v3 = await versions.ReadAsync(default);
        Assert.Equal(v2.Articles, v3.Articles);
        Assert.True(v3.Feeds > v2.Feeds);

        // A new name is shown in every entry of the feed.
        await c.ExecuteAsync("UPDATE feeds SET title = 'Another name'");
        Assert.True((await versions.ReadAsync(default)).Articles > v3.Articles);
    }
}

public sealed class SqliteDataVersionTests() : DataVersionTests(StorageOptions.Sqlite);

public sealed class PostgresDataVersionTests() : DataVersionTests(StorageOptions.Postgres);
