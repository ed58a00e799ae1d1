using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using FeedAggregator.Feeds;
using FeedAggregator.Polling;
using FeedAggregator.Setup;
using FeedAggregator.Store;
using FeedAggregator.Stories;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// `polling [--feeds N]`: the real poll pipeline (the app's DI graph from ServiceSetup.AddFeedAggregator: Poller →
/// FeedRefresher → fetch → parse → store articles, then the StoryStage, SQLite file in a temp dir, default Polling options) against an
/// in-process Kestrel farm of N generated feeds with ETag/Last-Modified. The farm listens on 127.0.0.1 … 127.0.0.64,
/// one host name per address, so that the per-host limit (Polling:PerHostConcurrency = 2) applies as it would to
/// many publishers. Three passes: first (all 200), unchanged (all 304), 20% changed; after the first and the last, the story stage
/// catches up (timed apart). Without --feeds: N = 1,000 and
/// N = 10,000, each in a process of its own. Peak working set is the whole process, farm included.
/// </summary>
internal static class PollingBenchmark
{
    private const int Hosts = 64;

    public static int Run(string[] args)
    {
        if (args.Contains("--provider")) return ClusterPollingBenchmark.Run(args);
        var sizes = new List<int>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] != "--feeds") throw new ArgumentException($"unknown option {args[i]}");
            sizes.Add(int.Parse(args[i + 1], CultureInfo.InvariantCulture));
        }
        var asShipped = BenchTools.ShippedEnvironment.All(v => Environment.GetEnvironmentVariable(v.Key) == v.Value);
        if (sizes.Count != 1 || !asShipped)
        {
            // One process per size: peak working set is a high-water mark of the whole process, and a smaller run
            // before would leave its own in the figures of the next. A child also gets the runtime environment
            // feedagg ships with, which this process, started some other way, may lack.
            var exitCode = 0;
            foreach (var n in sizes.Count == 0 ? [1_000, 10_000] : sizes)
                exitCode |= RunChild(n);
            return exitCode;
        }
        Console.WriteLine($"polling benchmark: {Environment.ProcessorCount} cores, {Hosts} loopback hosts, default Polling options");
        RunOnce(sizes[0]).GetAwaiter().GetResult();
        return 0;
    }

    private static int RunChild(int count)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        // Under `dotnet FeedAggregator.Benchmarks.dll` the process is the dotnet host: pass it the assembly again.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(PollingBenchmark).Assembly.Location);
        foreach (var arg in new[] { "polling", "--feeds", count.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(arg);
        // The pipeline runs in the child: give it the runtime environment feedagg ships with.
        using var child = Process.Start(start.AsShipped())!;
        child.WaitForExit();
        return child.ExitCode;
    }

    private static async Task RunOnce(int count)
    {
        var dir = Directory.CreateTempSubdirectory("feedagg-polling-bench-");
        try
        {
            var feeds = new SyntheticFeeds(count, TimeProvider.System.GetUtcNow());
            await using var farm = await StartFarmAsync(feeds);
            await using var provider = Services(StorageOptions.Sqlite, Path.Combine(dir.FullName, "feedagg.db"), TimeProvider.System);
            var db = provider.GetRequiredService<Database>();
            await db.MigrateAsync(default);
            var subscriptions = Enumerable.Range(0, count)
                .Select(f => new FeedSubscription(farm.Url(f), $"Feed {f}", $"Category {f % 12}")).ToList();
            await provider.GetRequiredService<FeedStore>().SyncOpmlAsync(subscriptions, default);
            var poller = provider.GetRequiredService<Poller>();

            Console.WriteLine($"\nN = {count:N0} feeds ({farm.Requests} requests so far)");
            Console.WriteLine($"{"pass",-14} {"wall s",8} {"feeds/s",9} {"entries",9} {"entries/s",10} {"errors",7} {"bytes in",10} {"peak WS MB",11} {"db MB",8} {"gen2 GCs",9} {"GC pause",9} {"heap MB",8} {"alloc GB",9} {"CPU s",7}");
            await FetchOnlyAsync(farm, count);
            var stage = provider.GetRequiredService<StoryStage>();
            await PassAsync("first (200)", poller, farm, db);
            await StageAsync("stories catch-up", stage, db);
            await PassAsync("unchanged 304", poller, farm, db);
            for (var f = 0; f < count; f += 5) feeds.Change(f);
            await PassAsync("20% changed", poller, farm, db);
            await StageAsync("stories catch-up", stage, db);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    private static async Task PassAsync(string name, Poller poller, Farm farm, Database db)
    {
        var bytesBefore = farm.BytesServed;
        var gen2Before = GC.CollectionCount(2);
        var pauseBefore = GC.GetTotalPauseDuration();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var outcomes = await poller.PollAsync(all: true, default);
        watch.Stop();
        var entries = outcomes.Sum(o => o.New + o.Updated);
        var errors = outcomes.Where(o => o.Status == RefreshStatus.Error).ToList();
        var seconds = watch.Elapsed.TotalSeconds;
        using var process = Process.GetCurrentProcess();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var dbBytes = new[] { "", "-wal" }.Select(s => new FileInfo(db.FilePath + s)).Where(f => f.Exists).Sum(f => f.Length);
        Console.WriteLine($"{name,-14} {seconds,8:0.00} {outcomes.Count / seconds,9:0} {entries,9} {entries / seconds,10:0} {errors.Count,7} " +
                          $"{(farm.BytesServed - bytesBefore) / 1048576.0,8:0.0}MB {process.PeakWorkingSet64 / 1048576.0,11:0} {dbBytes / 1048576.0,8:0.0} {GC.CollectionCount(2) - gen2Before,9} {(GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds,8:0.0}s {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0,8:0} {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1e9,9:0.0} {cpu,7:0.0}");
        foreach (var e in errors.Take(3)) Console.WriteLine($"  error: {e.Feed.Url}: {e.Error}");
    }

    /// <summary>The story stage after a pass, as StoryStageJob runs it: every waiting article put into a story (the
    /// "entries" column counts them).</summary>
    private static async Task StageAsync(string name, StoryStage stage, Database db)
    {
        var gen2Before = GC.CollectionCount(2);
        var pauseBefore = GC.GetTotalPauseDuration();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var clustered = await stage.CatchUpAsync(default);
        watch.Stop();
        var seconds = watch.Elapsed.TotalSeconds;
        using var process = Process.GetCurrentProcess();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var dbBytes = new[] { "", "-wal" }.Select(s => new FileInfo(db.FilePath + s)).Where(f => f.Exists).Sum(f => f.Length);
        Console.WriteLine($"{name,-14} {seconds,8:0.00} {"",9} {clustered,9} {clustered / seconds,10:0} {"",7} {"",10} {process.PeakWorkingSet64 / 1048576.0,11:0} {dbBytes / 1048576.0,8:0.0} {GC.CollectionCount(2) - gen2Before,9} {(GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds,8:0.0}s {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0,8:0} {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1e9,9:0.0} {cpu,7:0.0}  ({stage.Method})");
    }

    /// <summary>The baseline, measured in the same run: every feed fetched once with a plain HttpClient at the same
    /// concurrency, bodies read and dropped. The farm's and HTTP's share of a pass (they run in this process too).</summary>
    private static async Task FetchOnlyAsync(Farm farm, int count)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2 });
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        long bytes = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (f, ct) =>
        {
            var body = await http.GetByteArrayAsync(farm.Url(f), ct);
            Interlocked.Add(ref bytes, body.Length);
        });
        watch.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        Console.WriteLine($"{"fetch only",-14} {watch.Elapsed.TotalSeconds,8:0.00} {count / watch.Elapsed.TotalSeconds,9:0} {"",9} {"",10} {"",7} {bytes / 1048576.0,8:0.0}MB {"",11} {"",8} {"",9} {"",9} {"",8} {"",9} {cpu,7:0.0}");
    }

    /// <summary>The app's DI graph on the given storage, default settings, the farm's loopback addresses allowed.</summary>
    internal static ServiceProvider Services(string provider, string storage, TimeProvider clock)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            [provider == StorageOptions.Sqlite ? "Storage:Path" : "Storage:ConnectionString"] = storage,
            ["Feeds:Opml"] = "",
            ["Polling:AllowPrivateNetworks"] = "true", // the farm is on loopback
        }).AddEnvironmentVariables("FEEDAGG_").Build(); // FEEDAGG_Section__Key to try other settings
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Error));
        services.AddFeedAggregator(config);
        services.AddSingleton(clock); // registered last: the one the graph gets
        return services.BuildServiceProvider();
    }

    internal static async Task<Farm> StartFarmAsync(SyntheticFeeds feeds)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            for (var h = 1; h <= Hosts; h++) k.Listen(IPAddress.Parse($"127.0.0.{h}"), 0);
        });
        var app = builder.Build();
        var farm = new Farm(app, feeds);
        app.Run(farm.ServeAsync);
        await app.StartAsync();
        farm.Addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();
        return farm;
    }

    /// <summary>The publisher side: /feeds/{n}.{ext} with a strong ETag per version, 304 on a match.</summary>
    internal sealed class Farm(WebApplication app, SyntheticFeeds feeds) : IAsyncDisposable
    {
        private long _bytes;
        private long _requests;
        public string[] Addresses { get; set; } = [];
        public long BytesServed => Interlocked.Read(ref _bytes);
        public long Requests => Interlocked.Read(ref _requests);

        public string Url(int feed) => $"{Addresses[feed % Addresses.Length]}/feeds/{feed}.{SyntheticFeeds.Extension(feed)}";

        public async Task ServeAsync(HttpContext ctx)
        {
            Interlocked.Increment(ref _requests);
            var path = ctx.Request.Path.Value ?? "";
            var dot = path.LastIndexOf('.');
            if (!path.StartsWith("/feeds/", StringComparison.Ordinal) || dot < 0
                || !int.TryParse(path.AsSpan(7, dot - 7), CultureInfo.InvariantCulture, out var feed) || feed < 0 || feed >= feeds.Count)
            {
                ctx.Response.StatusCode = 404;
                return;
            }
            var etag = feeds.ETag(feed);
            ctx.Response.Headers.ETag = etag;
            ctx.Response.Headers.LastModified = feeds.LastModified(feed).ToString("R", CultureInfo.InvariantCulture);
            if (ctx.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                ctx.Response.StatusCode = 304;
                return;
            }
            var sb = t_builder ??= new StringBuilder(128 * 1024);
            sb.Clear();
            feeds.Document(feed, sb);
            var body = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(sb.Length));
            try
            {
                var encoder = Encoding.UTF8.GetEncoder();
                var length = 0;
                foreach (var chunk in sb.GetChunks()) length += encoder.GetBytes(chunk.Span, body.AsSpan(length), flush: false);
                length += encoder.GetBytes([], body.AsSpan(length), flush: true);
                ctx.Response.ContentType = SyntheticFeeds.ContentType(feed);
                ctx.Response.ContentLength = length;
                Interlocked.Add(ref _bytes, length);
                await ctx.Response.Body.WriteAsync(body.AsMemory(0, length), ctx.RequestAborted);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }

        [ThreadStatic] private static StringBuilder? t_builder;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
