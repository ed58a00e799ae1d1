using System.Diagnostics;
using System.Globalization;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;
using FeedAggregator.Parse;
using FeedAggregator.Store;
using FeedAggregator.Stories;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// `stories-sqlite [--count N] [--batch B] [--stage-every K] [--method M]`: the same article stream as `clustering`
/// (20,000 a day from 500 feeds, 10% syndicated copies, 5% paraphrases), stored end to end as the service stores it:
/// each batch of B articles of one feed is written as a refresh writes it (one transaction, waiting for a story), and
/// after every K such writes (a polling pass) the story stage catches up, as StoryStageJob does. Store and stage are
/// timed apart, on a real SQLite file. Prints articles/s of each, memory and the database size.
/// </summary>
internal static class StoriesStorageBenchmark
{
    private const int ArticlesPerDay = 20_000;
    private const int FeedCount = 500;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = 1_000_000;
        var batch = 20;
        var stageEvery = 50;
        var method = LexicalStoryDecider.Name;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--method") { method = args[i + 1]; continue; }
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--count": count = value; break;
                case "--batch": batch = value; break;
                case "--stage-every": stageEvery = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        var dir = Directory.CreateTempSubdirectory("feedagg-bench-");
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(start);
        var db = new Database(Options.Create(new StorageOptions { Path = Path.Combine(dir.FullName, "bench.db") }), NullLogger<Database>.Instance);
        await db.MigrateAsync(default);
        var feeds = new FeedStore(db, clock);
        var feedIds = new long[FeedCount];
        for (var f = 0; f < FeedCount; f++)
        {
            var url = $"https://www.outlet{f}.example/rss";
            await feeds.AddAsync(new FeedSubscription(url, $"Outlet {f}"), FeedOrigin.Cli, default);
            feedIds[f] = (await feeds.FindAsync(url, default))!.Id;
        }
        var options = new StoriesOptions { Method = method };
        options.Validate();
        var stage = new StoryStage(db, StoryDeciders.Create(options), new Polling.BackgroundCpu(Environment.ProcessorCount, lowerPriority: false), Options.Create(options), clock, NullLogger<StoryStage>.Instance);
        long stageTicks = 0;
        var writes = 0;

        var news = new SyntheticNews(seed: 20250501);
        var interval = TimeSpan.FromDays(1) / ArticlesPerDay;
        var recent = new List<(Story Story, string Url)>();
        var pending = new List<ParsedEntry>(batch);
        var storing = Stopwatch.StartNew();
        long storeTicks = 0;
        for (var n = 0; n < count; n++)
        {
            var published = start + interval * n;
            var roll = news.NextDouble();
            Story story;
            string link;
            if (recent.Count == 0 || roll >= 0.15)
            {
                story = news.NewStory();
                link = $"https://www.outlet{news.Next(FeedCount)}.example/news/{n}?utm_source=rss";
                if (recent.Count < ArticlesPerDay / 2) recent.Add((story, link)); else recent[n % recent.Count] = (story, link);
            }
            else
            {
                var source = recent[news.Next(recent.Count)];
                story = roll < 0.10 ? news.Syndicate(source.Story) : news.Paraphrase(source.Story);
                link = roll < 0.03 ? source.Url + "&fbclid=x" + n : $"https://www.outlet{news.Next(FeedCount)}.example/world/{n}";
            }
            pending.Add(new ParsedEntry { Id = $"urn:bench:{n}", Title = story.Title, Summary = $"<p>{story.Summary}</p>", Link = link, Published = published });
            if (pending.Count == batch || n == count - 1)
            {
                clock.Now = published;
                var feed = news.Next(FeedCount);
                var entries = pending.ToArray();
                pending.Clear();
                var began = Stopwatch.GetTimestamp();
                await db.WriteAsync(async (c, tx) =>
                {
                    await ArticleStore.UpsertAsync(c, tx, feedIds[feed], $"https://www.outlet{feed}.example/rss", ArticleDraft.From(entries, published), published, default);
                    return 0;
                }, default);
                storeTicks += Stopwatch.GetTimestamp() - began;
                if (++writes % stageEvery == 0 || n == count - 1)
                {
                    began = Stopwatch.GetTimestamp();
                    await stage.CatchUpAsync(default);
                    stageTicks += Stopwatch.GetTimestamp() - began;
                }
            }
            if (n > 0 && n % 100_000 == 0)
                Console.Error.WriteLine($"  {n:N0} articles, {n / storing.Elapsed.TotalSeconds:N0}/s so far");
        }

        var seconds = (double)storeTicks / Stopwatch.Frequency;
        var stageSeconds = (double)stageTicks / Stopwatch.Frequency;
        using var process = Process.GetCurrentProcess();
        var size = new FileInfo(Path.Combine(dir.FullName, "bench.db")).Length + (File.Exists(Path.Combine(dir.FullName, "bench.db-wal")) ? new FileInfo(Path.Combine(dir.FullName, "bench.db-wal")).Length : 0);
        await using (var c = await db.OpenAsync(default))
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories)";
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            Console.WriteLine($"articles:                  {r.GetInt64(0):N0} stored in {r.GetInt64(1):N0} stories ({batch} per write transaction, stage every {stageEvery} writes, Stories:Method={method})");
        }
        Console.WriteLine($"store time (articles):     {seconds:0.00} s, {count / seconds:N0} articles/s (generation excluded)");
        Console.WriteLine($"story stage time:          {stageSeconds:0.00} s, {count / stageSeconds:N0} articles/s into SQLite (Stories:BatchSize={options.BatchSize})");
        Console.WriteLine($"end-to-end throughput:     {count / (seconds + stageSeconds):N0} articles/s (store + stage)");
        Console.WriteLine($"peak working set:          {process.PeakWorkingSet64 / (1024.0 * 1024):N0} MiB");
        Console.WriteLine($"database size:             {size / (1024.0 * 1024):N0} MiB");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        dir.Delete(recursive: true);
        return 0;
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
