using Dapper;
using FeedAggregator.Core.Tests.Store;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;
using FeedAggregator.Parse;
using FeedAggregator.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FeedAggregator.Core.Tests.Dedupe;

/// <summary>Story clustering with storage: on a real SQLite file, across restarts (a new clusterer) and rebuilds.</summary>
public abstract class StoryClustererTests(string provider) : IDisposable
{
    private readonly TestDatabase _t = new(provider);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _t.Dispose();

    private StoryClusterer NewClusterer() =>
        new(_t.Db, Options.Create(new StoriesOptions()), _clock, NullLogger<StoryClusterer>.Instance);

    private Task<long> FeedAsync(string url) => StoredArticles.AddFeedAsync(_t.Db, _clock, url);

    private Task StoreAsync(StoryClusterer clusterer, long feedId, string feedUrl, params ParsedEntry[] entries) =>
        StoredArticles.StoreAsync(_t.Db, clusterer, feedId, feedUrl, _clock.GetUtcNow(), entries);

    private async Task<List<(string Title, long StoryId)>> MembershipAsync()
    {
        await using var c = await _t.Db.OpenAsync(default);
        return (await c.QueryAsync<(string, long)>("SELECT title, story_id FROM articles ORDER BY id")).AsList();
    }

    private ParsedEntry Entry(string id, string title, string summary, string link) =>
        new() { Id = id, Title = title, Summary = summary, Link = link, Published = _clock.GetUtcNow() };

    [SkippableFact]
    public async Task A_syndicated_copy_arriving_after_a_restart_joins_the_stored_story()
    {
        await _t.Db.MigrateAsync(default);
        var a = await FeedAsync("https://a.example/rss");
        var b = await FeedAsync("https://b.example/rss");
        await StoreAsync(NewClusterer(), a, "https://a.example/rss",
            Entry("1", "Volcano erupts in Iceland, flights grounded", "An eruption near Grindavik sent ash over the Reykjanes peninsula and grounded flights at Keflavik.", "https://wire.example/volcano?utm_source=a"),
            Entry("2", "City council approves new cycle lanes", "The council voted to build twelve kilometres of protected cycle lanes by 2028.", "https://a.example/cycle"));
        _clock.Advance(TimeSpan.FromHours(2));

        // A new process: the index is rebuilt from the database.
        await StoreAsync(NewClusterer(), b, "https://b.example/rss",
            Entry("x", "Volcano erupts in Iceland; flights grounded", "An eruption near Grindavik sent ash over the Reykjanes peninsula and grounded flights at Keflavik airport.", "https://b.example/world/iceland-volcano"));

        var m = await MembershipAsync();
        Assert.Equal(m[0].StoryId, m[2].StoryId);
        Assert.NotEqual(m[0].StoryId, m[1].StoryId);
        await using var c = await _t.Db.OpenAsync(default);
        Assert.Equal(2, await c.ExecuteScalarAsync<int>("SELECT source_count FROM stories WHERE id = @id", new { id = m[0].StoryId }));
    }

    [SkippableFact]
    public async Task Rebuild_gives_the_same_stories_and_keys_and_is_idempotent()
    {
        await _t.Db.MigrateAsync(default);
        var a = await FeedAsync("https://a.example/rss");
        var b = await FeedAsync("https://b.example/rss");
        var clusterer = NewClusterer();
        await StoreAsync(clusterer, a, "https://a.example/rss", Entry("1", "Storm Ciara batters the coast", "Winds of 90mph hit the west coast overnight, cutting power to thousands of homes.", "https://a.example/storm"));
        await StoreAsync(clusterer, b, "https://b.example/rss", Entry("2", "Storm Ciara batters the coast", "Winds of 90mph hit the west coast overnight, cutting power to thousands of homes.", "https://b.example/storm-ciara"));
        await StoreAsync(clusterer, b, "https://b.example/rss", Entry("3", "Parliament debates housing bill", "MPs debated the second reading of the housing bill on Tuesday.", "https://b.example/housing"));

        async Task<List<string>> KeysAsync()
        {
            await using var c = await _t.Db.OpenAsync(default);
            return (await c.QueryAsync<string>("SELECT story_key FROM stories ORDER BY story_key")).AsList();
        }
        var keys = await KeysAsync();
        var before = await MembershipAsync();
        Assert.Equal(2, keys.Count);

        for (var i = 0; i < 2; i++)
        {
            var (articles, stories) = await clusterer.RebuildAsync(DateTimeOffset.MinValue, default);
            Assert.Equal((3, 2), (articles, stories));
            Assert.Equal(keys, await KeysAsync());
            var after = await MembershipAsync();
            Assert.Equal(after[0].StoryId, after[1].StoryId);
            Assert.NotEqual(after[0].StoryId, after[2].StoryId);
        }
    }

    [SkippableFact]
    public async Task Articles_from_before_stories_existed_are_clustered_once_at_start()
    {
        await _t.Db.MigrateAsync(default);
        var a = await FeedAsync("https://a.example/rss");
        await _t.Db.WriteAsync(async (c, tx) =>
            (await ArticleStore.UpsertAsync(c, tx, a, "https://a.example/rss",
                ArticleDraft.From([Entry("1", "One", "First.", "https://a.example/1"), Entry("2", "Two", "Second.", "https://a.example/2")], _clock.GetUtcNow()),
                _clock.GetUtcNow(), null, default)).Counts, default);
        var clusterer = NewClusterer();
        Assert.Equal(2, await clusterer.AssignPendingAsync(default));
        Assert.Equal(0, await clusterer.AssignPendingAsync(default));
        Assert.All(await MembershipAsync(), m => Assert.True(m.StoryId > 0));
    }
}

public sealed class SqliteStoryClustererTests() : StoryClustererTests(StorageOptions.Sqlite);

public sealed class PostgresStoryClustererTests() : StoryClustererTests(StorageOptions.Postgres);
