using Dapper;
using FeedAggregator.Core.Tests.Store;
using FeedAggregator.Dedupe;
using FeedAggregator.Parse;
using FeedAggregator.Store;
using FeedAggregator.Stories;
using Microsoft.Extensions.Time.Testing;

namespace FeedAggregator.Core.Tests.Stories;

/// <summary>The story stage on a real database (SQLite file, PostgreSQL): across restarts (a new stage), several stages on one database
/// (processes), batches and rebuilds.</summary>
public abstract class StoryStageTests(string provider) : IDisposable
{
    private readonly TestDatabase _t = new(provider);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _t.Dispose();

    private StoryStage NewStage(StoriesOptions? options = null) => StoredArticles.NewStage(_t.Db, _clock, options);

    private Task<long> FeedAsync(string url) => StoredArticles.AddFeedAsync(_t.Db, _clock, url);

    private Task StoreAsync(StoryStage stage, long feedId, string feedUrl, params ParsedEntry[] entries) =>
        StoredArticles.StoreAsync(_t.Db, stage, feedId, feedUrl, _clock.GetUtcNow(), entries);

    private Task StoreOnlyAsync(long feedId, string feedUrl, params ParsedEntry[] entries) =>
        StoredArticles.StoreOnlyAsync(_t.Db, feedId, feedUrl, _clock.GetUtcNow(), entries);

    private async Task<List<(string Title, long? StoryId)>> MembershipAsync()
    {
        await using var c = await _t.Db.OpenAsync(default);
        return (await c.QueryAsync<(string, long?)>("SELECT title, story_id FROM articles ORDER BY id")).AsList();
    }

    private ParsedEntry Entry(string id, string title, string summary, string link) =>
        new() { Id = id, Title = title, Summary = summary, Link = link, Published = _clock.GetUtcNow() };

    private ParsedEntry Volcano(string id, string link) => Entry(id, "Volcano erupts in Iceland, flights grounded",
        "An eruption near Grindavik sent ash over the Reykjanes peninsula and grounded flights at Keflavik.", link);

    [SkippableFact]
    public async Task A_syndicated_copy_arriving_after_a_restart_joins_the_stored_story()
    {
        await _t.Db.MigrateAsync(default);
        var a = await FeedAsync("https://a.example/rss");
        var b = await FeedAsync("https://b.example/rss");
        await StoreAsync(NewStage(), a, "https://a.example/rss",
            Volcano("1", "https://wire.example/volcano?utm_source=a"),
            Entry("2", "City council approves new cycle lanes", "The council voted to build twelve kilometres of protected cycle lanes by 2028.", "https://a.example/cycle"));
        _clock.Advance(TimeSpan.FromHours(2));

        // A new process: the cache is loaded from the database.
        await StoreAsync(NewStage(), b, "https://b.example/rss",
            Entry("x", "Volcano erupts in Iceland; flights grounded", "An eruption near Grindavik sent ash over the Reykjanes peninsula and grounded flights at Keflavik airport.", "https://b.example/world/iceland-volcano"));

        var m = await MembershipAsync();
        Assert.Equal(m[0].StoryId, m[2].StoryId);
        Assert.NotEqual(m[0].StoryId, m[1].StoryId);
        await using var c = await _t.Db.OpenAsync(default);
        Assert.Equal(2, await c.ExecuteScalarAsync<int>("SELECT source_count FROM stories WHERE id = @id", new { id = m[0].StoryId }));
    }

    [SkippableFact]
    public async Task Stored_articles_wait_for_the_stage_and_a_copy_in_the_same_batch_joins_its_original()
    {
        await _t.Db.MigrateAsync(default);
        var a = await FeedAsync("https://a.example/rss");
        var b = await FeedAsync("https://b.example/rss");
        await StoreOnlyAsync(a, "https://a.example/rss", Volcano("1", "https://a.example/volcano"));
        await StoreOnlyAsync(b, "https://b.example/rss", Volcano("2", "https://b.example/volcano"),
            Entry("3", "Parliament debates housing bill", "MPs debated the second reading of the housing bill on Tuesday.", "https://b.example/housing"));
        Assert.All(await MembershipAsync(), m => Assert.Null(m.StoryId));

        Assert.Equal(3, await NewStage().CatchUpAsync(default));

        var after = await MembershipAsync();
        Assert.Equal(after[0].StoryId, after[1].StoryId);
        Assert.NotEqual(after[0].StoryId, after[2].StoryId);
        await using var c = await _t.Db.OpenAsync(default);
        Assert.Equal(2, await c.ExecuteScalarAsync<int>("SELECT source_count FROM stories WHERE id = @id", new { id = after[0].StoryId }));
        Assert.Equal(0, await NewStage().CatchUpAsync(default));
    }

    [SkippableFact]
    public async Task A_stage_whose_cache_is_loaded_sees_what_another_process_clustered_since()
    {
        await _t.Db.MigrateAsync(default);
        var a = await FeedAsync("https://a.example/rss");
        var b = await FeedAsync("https://b.example/rss");
        var c1 = await FeedAsync("https://c.example/rss");
        var service = NewStage();
        var cli = NewStage();
        // The service's cache is loaded (it clustered something), then the CLI clusters the original.
        await StoreAsync(service, a, "https://a.example/rss",
            Entry("0", "Parliament debates housing bill", "MPs debated the second reading of the housing bill on Tuesday.", "https://a.example/housing"));
        await StoreAsync(cli, b, "https://b.example/rss", Volcano("1", "https://b.example/volcano"));
        // Only the service's cache can place the copy now: it must have caught up with the CLI's batch.
        await StoreAsync(service, c1, "https://c.example/rss", Volcano("2", "https://c.example/volcano"));

        var m = await MembershipAsync();
        Assert.Equal(m[1].StoryId, m[2].StoryId);
        Assert.NotEqual(m[0].StoryId, m[1].StoryId);
    }

    [SkippableFact]
    public async Task Rebuild_gives_the_same_stories_and_keys_and_is_idempotent()
    {
        await _t.Db.MigrateAsync(default);
        var a = await FeedAsync("https://a.example/rss");
        var b = await FeedAsync("https://b.example/rss");
        var stage = NewStage(new StoriesOptions { BatchSize = 2 });
        await StoreAsync(stage, a, "https://a.example/rss", Entry("1", "Storm Ciara batters the coast", "Winds of 90mph hit the west coast overnight, cutting power to thousands of homes.", "https://a.example/storm"));
        await StoreAsync(stage, b, "https://b.example/rss", Entry("2", "Storm Ciara batters the coast", "Winds of 90mph hit the west coast overnight, cutting power to thousands of homes.", "https://b.example/storm-ciara"));
        await StoreAsync(stage, b, "https://b.example/rss", Entry("3", "Parliament debates housing bill", "MPs debated the second reading of the housing bill on Tuesday.", "https://b.example/housing"));

        async Task<List<string>> KeysAsync()
        {
            await using var c = await _t.Db.OpenAsync(default);
            return (await c.QueryAsync<string>("SELECT story_key FROM stories ORDER BY story_key")).AsList();
        }
        var keys = await KeysAsync();
        Assert.Equal(2, keys.Count);

        for (var i = 0; i < 2; i++)
        {
            var (articles, stories) = await stage.RebuildAsync(DateTimeOffset.MinValue, default);
            Assert.Equal((3, 2), (articles, stories));
            Assert.Equal(keys, await KeysAsync());
            var after = await MembershipAsync();
            Assert.Equal(after[0].StoryId, after[1].StoryId);
            Assert.NotEqual(after[0].StoryId, after[2].StoryId);
        }
    }

    [SkippableFact]
    public async Task A_story_is_first_seen_when_its_first_article_arrived_not_when_the_stage_ran()
    {
        await _t.Db.MigrateAsync(default);
        var a = await FeedAsync("https://a.example/rss");
        var arrived = _clock.GetUtcNow();
        await StoreOnlyAsync(a, "https://a.example/rss", Volcano("1", "https://a.example/volcano"));
        _clock.Advance(TimeSpan.FromMinutes(30));
        await NewStage().CatchUpAsync(default);

        await using var c = await _t.Db.OpenAsync(default);
        Assert.Equal(arrived.ToUnixTimeMilliseconds(), await c.ExecuteScalarAsync<long>("SELECT first_seen_at FROM stories"));
        Assert.Equal(StoryKey.For(arrived.ToUnixTimeMilliseconds(), "https://a.example/rss", "id:1"),
            await c.ExecuteScalarAsync<string>("SELECT story_key FROM stories"));
    }
}

public sealed class SqliteStoryStageTests() : StoryStageTests(StorageOptions.Sqlite);

public sealed class PostgresStoryStageTests() : StoryStageTests(StorageOptions.Postgres);
