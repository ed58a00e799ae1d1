using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using FeedAggregator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Npgsql;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.Cluster;

/// <summary>Three `feedagg run` processes on one PostgreSQL database, as three nodes would run: real processes, real
/// intervals (a fake clock cannot cross processes), one loopback feed server that counts what it is asked.</summary>
public sealed class ClusterTests
{
    private const int Feeds = 300, WireStories = 30, PerHost = 2, Concurrency = 8;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(20), Lease = TimeSpan.FromSeconds(5);

    [SkippableFact]
    public async Task Three_workers_share_the_feeds_the_host_limit_the_stories_and_one_digest_and_a_killed_worker_loses_nothing()
    {
        TestPostgres.SkipIfUnavailable();
        using var dir = new TempDir();
        await using var farm = await FeedFarm.StartAsync();
        await using var sink = await SmtpSink.StartAsync();
        var requests = new ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>>();
        int inFlight = 0, maxInFlight = 0;
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        var subscriptions = new List<(string, string, string?)>();
        for (var f = 0; f < Feeds; f++)
        {
            var w = f % WireStories;
            // Its own story, and a wire story that every tenth feed carries under the same link.
            var body = Rss($"Feed {f}", $"https://f{f}.example",
                new Item($"own-{f}", $"Feed {f} reports on local matter number {f}", t0.AddMinutes(f % 50), $"<p>Only feed {f} has this story about matter {f}.</p>", $"https://f{f}.example/own"),
                new Item($"wire-{w}", $"Agency wire story {w} about event {w * 7919}", t0.AddMinutes(w), $"<p>The agency reports event {w * 7919}.</p>", $"https://wire.example/story-{w}"));
            var path = $"/feeds/{f}.rss";
            farm.Handle(path, async ctx =>
            {
                requests.GetOrAdd(path, _ => new()).Enqueue(DateTimeOffset.UtcNow);
                var now = Interlocked.Increment(ref inFlight);
                int seen;
                while (now > (seen = Volatile.Read(ref maxInFlight)) && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen) { }
                try
                {
                    await Task.Delay(15, ctx.RequestAborted);
                    ctx.Response.ContentType = "application/rss+xml";
                    await ctx.Response.WriteAsync(body, ctx.RequestAborted);
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            });
            subscriptions.Add((farm.Url(path).AbsoluteUri, $"Feed {f}", f % 2 == 0 ? "Even" : "Odd"));
        }
        var opml = dir.WriteOpml([.. subscriptions]);
        string[] common = [$"--Feeds:Opml={opml}", "--Polling:AllowPrivateNetworks=true", $"--Polling:Concurrency={Concurrency}",
            $"--Polling:PerHostConcurrency={PerHost}", "--Polling:Jitter=0", $"--Polling:MinInterval={Interval}", $"--Polling:Interval={Interval}",
            $"--Polling:MaxInterval={Interval}", "--Polling:Tick=00:00:01", $"--Polling:Lease={Lease}", "--Retention:Days=0"];

        // The reference: one process, SQLite, one pass.
        var reference = await FeedaggProcess.RunAsync(dir.Path, ["poll", "--all", $"--Storage:Path={dir.File("single.db")}", .. common]);
        Assert.True(reference.ExitCode == 0, reference.Stderr);
        var expectedStories = await StoriesAsync(new SqliteConnection($"Data Source={dir.File("single.db")}"));
        SqliteConnection.ClearAllPools();
        Assert.Equal(Feeds + WireStories, expectedStories.Count);
        requests.Clear();
        Volatile.Write(ref maxInFlight, 0);

        await using var db = await TestPostgres.CreateDatabaseAsync();
        // The digest is due at the next whole minute but one (UTC): after the first pass, within the test.
        var digestAt = DateTimeOffset.UtcNow.AddMinutes(2);
        string[] cluster = [.. common, "--Storage:Provider=postgres", $"--Storage:ConnectionString={db.ConnectionString}",
            $"--Digest:Time={digestAt:HH:mm}", "--Digest:TimeZone=UTC", "--Digest:To=reader@example.org",
            "--Smtp:Host=127.0.0.1", $"--Smtp:Port={sink.Port}", "--Smtp:Security=none"];
        var started = DateTimeOffset.UtcNow;
        // Port 0: the kernel picks a free one at bind time (a port probed free beforehand can be taken by the time a
        // worker binds it, and the worker then stops at start).
        var outputs = Enumerable.Range(0, 3).Select(_ => new ConcurrentQueue<string>()).ToList();
        var workers = outputs.Select(output =>
            FeedaggProcess.StartLongRunning(dir.Path, output, ["run", "--urls=http://127.0.0.1:0", .. cluster])).ToList();
        // A failure says what the workers were doing: which had exited, and the last lines each wrote.
        string Show() => string.Join("\n", workers.Select((w, i) =>
            $"--- pid {w.Id}: {(w.HasExited ? $"exited {w.ExitCode}" : "running")}\n" + string.Join("\n", outputs[i].TakeLast(w.HasExited ? 40 : 15))));
        async Task WaitOrShowAsync(Func<Task<bool>> condition, string what, int seconds)
        {
            try { await ServiceHost.WaitUntilAsync(condition, what, seconds); }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message} ({requests.Values.Sum(q => q.Count)} requests)\n{Show()}", e);
            }
        }
        try
        {
            await using var pg = new NpgsqlConnection(db.ConnectionString);
            // Mid-pass, one worker dies without a word: whichever holds claims at that moment, so that there is
            // something for the others to take over (on a slow machine one node may start after the others began).
            Process? victim = null;
            await WaitOrShowAsync(async () =>
            {
                if (requests.Values.Sum(q => q.Count) < 40) return false;
                var holders = await pg.QueryAsync<string>("SELECT DISTINCT leased_by FROM feeds WHERE lease_until > @now",
                    new { now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
                victim = workers.FirstOrDefault(w => holders.Any(h => h.Contains($"/{w.Id}/")));
                return victim is not null;
            }, "the first pass under way", 90);
            victim!.Kill(entireProcessTree: true);
            // Dead for sure before its claims are read: a commit in flight at the kill would otherwise land after the read.
            await victim.WaitForExitAsync();
            var killedAt = DateTimeOffset.UtcNow;
            var orphaned = (await pg.QueryAsync<(long Id, string Url, long LeaseUntil)>(
                "SELECT id, url, lease_until FROM feeds WHERE leased_by LIKE @pid AND lease_until > @now",
                new { pid = $"%/{victim.Id}/%", now = killedAt.ToUnixTimeMilliseconds() })).AsList();

            await WaitOrShowAsync(async () =>
                await pg.ExecuteScalarAsync<long>("SELECT count(*) FROM feeds WHERE last_success_at IS NULL") == 0, "every feed polled", 120);

            // Every feed fetched; again within one interval only where the dead worker fetched but never recorded it.
            Assert.Equal(Feeds, requests.Count);
            var early = requests.Where(r => Gaps(r.Value).Any(g => g < Interval - TimeSpan.FromSeconds(1))).Select(r => farm.Url(r.Key).AbsoluteUri).ToList();
            Assert.True(early.Count <= Concurrency, $"{early.Count} feeds fetched twice within an interval");
            Assert.All(early, url => Assert.Contains(url, orphaned.Select(o => o.Url)));
            // The dead worker's claims went to the others only once its lease ran out.
            Assert.NotEmpty(orphaned);
            // Each of them only once its own lease (taken when the dead worker claimed it) had run out.
            foreach (var o in orphaned)
            {
                var ms = await pg.ExecuteScalarAsync<long>("SELECT last_success_at FROM feeds WHERE id = @id", new { id = o.Id });
                Assert.True(ms >= o.LeaseUntil - 1000, $"{o.Url} polled {o.LeaseUntil - ms} ms before its lease ran out");
            }
            Assert.InRange(Volatile.Read(ref maxInFlight), 1, PerHost);

            // No article twice, nothing lost, and the same stories as one process made, once the story stage has caught up.
            await WaitOrShowAsync(async () =>
                await pg.ExecuteScalarAsync<long>("SELECT count(*) FROM articles WHERE story_id IS NULL") == 0, "the story stage", 60);
            Assert.Equal(Feeds * 2, await pg.ExecuteScalarAsync<long>("SELECT count(*) FROM articles"));
            Assert.Equal(Feeds * 2, await pg.ExecuteScalarAsync<long>("SELECT count(DISTINCT (feed_id, entry_key)) FROM articles"));
            Assert.Equal(expectedStories, await StoriesAsync(pg));

            // One digest mail for the day, whichever node's scheduler fired it.
            // Due up to two minutes after the workers started; the stage must have caught up to its end first.
            await WaitOrShowAsync(() => Task.FromResult(sink.Messages.Count >= 1), "the digest mail", 150);
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.Single(sink.Messages);
            Assert.Equal(1, await pg.ExecuteScalarAsync<long>("SELECT count(*) FROM digests"));

            // By now several intervals have passed: each feed was fetched about once per interval, never more.
            var elapsed = DateTimeOffset.UtcNow - started;
            Assert.All(requests, r => Assert.InRange(r.Value.Count, 2, (int)(elapsed / Interval) + 2));
            Assert.All(requests.Where(r => !orphaned.Any(o => o.Url == farm.Url(r.Key).AbsoluteUri)),
                r => Assert.All(Gaps(r.Value), g => Assert.True(g >= Interval - TimeSpan.FromSeconds(1), $"{r.Key} fetched again after {g}")));
            Assert.InRange(Volatile.Read(ref maxInFlight), 1, PerHost);
            // The clustered scheduler sees its two live nodes. Waited for, not sampled once: on a loaded machine a live
            // node can miss a check-in, be taken for dead by the other and come back at its next one.
            await WaitOrShowAsync(async () =>
                await pg.ExecuteScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state") >= 2, "two nodes checked in to the clustered scheduler", 60);
            Assert.All(workers.Where(w => w != victim), w => Assert.False(w.HasExited, $"worker {w.Id} exited\n{Show()}"));
        }
        finally
        {
            foreach (var w in workers)
            {
                if (!w.HasExited) w.Kill(entireProcessTree: true);
                await w.WaitForExitAsync();
                w.Dispose();
            }
        }
    }

    private static IEnumerable<TimeSpan> Gaps(IEnumerable<DateTimeOffset> times)
    {
        var sorted = times.Order().ToList();
        return sorted.Zip(sorted.Skip(1), (a, b) => b - a);
    }

    /// <summary>Each story as the sorted list of its members (feed URL path and entry key): comparable across databases.</summary>
    private static async Task<HashSet<string>> StoriesAsync(System.Data.Common.DbConnection c)
    {
        var rows = await c.QueryAsync<(long Story, string Url, string Key)>(
            "SELECT a.story_id, f.url, a.entry_key FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.story_id IS NOT NULL");
        return rows.GroupBy(r => r.Story)
            .Select(g => string.Join(" ", g.Select(r => new Uri(r.Url).AbsolutePath + "#" + r.Key).Order(StringComparer.Ordinal)))
            .ToHashSet();
    }
}
