using Dapper;
using Microsoft.AspNetCore.Http;
using FeedAggregator.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests;

public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Killing_a_poll_midway_leaves_a_consistent_database_and_the_next_run_completes_without_duplicates()
    {
        using var dir = new TempDir();
        await using var farm = await FeedFarm.StartAsync();
        var t0 = DateTimeOffset.UtcNow.AddHours(-2);
        const int feeds = 40, items = 5;
        var seen = 0;
        var feedList = new List<(string, string, string?)>();
        for (var f = 0; f < feeds; f++)
        {
            var body = Rss($"Feed {f}", $"https://f{f}.example", Enumerable.Range(0, items).Select(i => new Item($"f{f}-{i}", $"Feed {f} story {i}", t0.AddMinutes(i))).ToArray());
            farm.Handle($"/f{f}.rss", async ctx =>
            {
                Interlocked.Increment(ref seen);
                await Task.Delay(50, ctx.RequestAborted); // slow enough that a kill lands mid-pass
                ctx.Response.ContentType = "application/rss+xml";
                await ctx.Response.WriteAsync(body, ctx.RequestAborted);
            });
            feedList.Add((farm.Url($"/f{f}.rss").AbsoluteUri, $"Feed {f}", null));
        }
        var opml = dir.WriteOpml([.. feedList]);
        string[] overrides = [$"--Storage:Path={dir.File("crash.db")}", $"--Feeds:Opml={opml}", "--Polling:Concurrency=4"];

        // A short lease: the killed process's claims expire before the rerun, which then takes those feeds.
        var poll = FeedaggProcess.StartLongRunning(dir.Path, ["poll", "--all", .. overrides, "--Polling:Lease=00:00:02"]);
        await ServiceHost.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref seen) >= feeds / 3), "a third of the feeds requested");
        poll.Kill(entireProcessTree: true);
        await poll.WaitForExitAsync();

        var connection = $"Data Source={dir.File("crash.db")}";
        await using (var c = new SqliteConnection(connection))
        {
            Assert.Equal("ok", await c.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
            // Whatever was committed is whole: a feed marked polled has all its articles (in a story, or waiting for the
            // story stage, which the kill stopped), and every story has its members.
            var partial = await c.ExecuteScalarAsync<int>("""
                SELECT count(*) FROM feeds f WHERE f.last_success_at IS NOT NULL
                  AND (SELECT count(*) FROM articles a WHERE a.feed_id = f.id) <> 5
                """);
            Assert.Equal(0, await c.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id)"));
            Assert.Equal(0, partial);
            Assert.True(await c.ExecuteScalarAsync<int>("SELECT count(*) FROM feeds WHERE last_success_at IS NULL") > 0, "the kill came too late to test anything");
            // The dead process still holds claims on feeds it had not finished.
            Assert.True(await c.ExecuteScalarAsync<int>("SELECT count(*) FROM feeds WHERE leased_by IS NOT NULL AND last_success_at IS NULL") > 0);
        }
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var rerun = await FeedaggProcess.RunAsync(dir.Path, ["poll", .. overrides]);
        Assert.Equal(0, rerun.ExitCode);
        await using (var c = new SqliteConnection(connection))
        {
            Assert.Equal(feeds * items, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM articles"));
            Assert.Equal(feeds * items, await c.ExecuteScalarAsync<int>("SELECT count(DISTINCT title) FROM articles"));
            Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM feeds WHERE last_success_at IS NULL"));
            // `poll` ends with the story stage (lexical): nothing is left waiting, the killed run's articles included.
            Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM articles WHERE story_id IS NULL"));
        }
        SqliteConnection.ClearAllPools();
    }
}
