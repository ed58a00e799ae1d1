using System.Diagnostics;
using System.Globalization;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// `serve [--feeds 1000] [--clients 64] [--seconds 30] [--archive 100000,1000000] [--archive-seconds 10] [--server nginx|inprocess] [--set Section:Key=value]...`:
/// the real `feedagg run` process, loaded by Debian's wrk beside it on loopback.
///  1. First pass of a make-farm.py farm with no load (the baseline), then again under load: one request to each
///     output (its first rendering), then 64 clients split over /feed.atom, /feed.atom conditional (each connection
///     sends back its last ETag), /feed.json and / for as long as the baseline pass took; then the baseline once more, to bracket the machine's noise. Pass time = first to last
///     poll, as the service recorded them.
///  2. With the pass done (idle): each output alone, 64 clients for --seconds.
///  3. Archives of --archive stored articles (generated): the first (cold) render, then cached and 304 load — their
///     cost must not grow with the archive.
/// </summary>
internal static class ServeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (o, settings) = BenchTools.Parse(args);
        var bench = BenchTools.SharedBench();
        if (bench is null || !Wrk.Available)
        {
            Console.WriteLine("serve benchmark skipped: it needs ../shared/bench (make-farm.py) beside the repository and wrk (apt-get install wrk)");
            return 0;
        }
        int feeds = o.Int("feeds", 1000), clients = o.Int("clients", 64), seconds = o.Int("seconds", 30), archiveSeconds = o.Int("archive-seconds", 10);
        var archives = o.GetValueOrDefault("archive", "100000,1000000").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        await using var farm = await FeedFarmServer.StartAsync(bench, feeds, 25, 42, o.GetValueOrDefault("server", "nginx"));
        Console.WriteLine($"serve benchmark: {Environment.ProcessorCount} cores, wrk with {clients} connections, farm of {feeds} feeds on {farm.Server}");
        var work = Directory.CreateTempSubdirectory("feedagg-serve-bench-");
        try
        {
            // 1. The pass without and with load.
            var baseline = await PassAsync(work.FullName, farm, settings, "baseline-1", null, clients);
            var loaded = await PassAsync(work.FullName, farm, settings, "loaded", (int)Math.Ceiling(Math.Max(5, baseline.Seconds)), clients);
            var baseline2 = await PassAsync(work.FullName, farm, settings, "baseline-2", null, clients, keepRunning: true);
            Console.WriteLine($"\nfirst pass of {feeds} feeds: {baseline.Seconds:0.00} s and {baseline2.Seconds:0.00} s without load, {loaded.Seconds:0.00} s under load " +
                              $"-> {loaded.Seconds / ((baseline.Seconds + baseline2.Seconds) / 2):0.00}x the mean of the baselines");
            Console.WriteLine("load during the pass (connections split four ways):");
            Console.WriteLine(Wrk.Header);
            foreach (var r in loaded.Load) Console.WriteLine(Wrk.Row(r));

            // 2. Idle, each output alone.
            await using (var service = baseline2.Service!)
            {
                Console.WriteLine($"\nidle, after the pass ({seconds} s each):");
                Console.WriteLine(Wrk.Header);
                foreach (var (name, path, mode) in Outputs)
                    Console.WriteLine(Wrk.Row(await Wrk.RunAsync(name, service.BaseUrl + path, clients, seconds, mode)));
            }

            // 3. Archive sizes.
            Console.WriteLine($"\narchive size ({archiveSeconds} s each):");
            Console.WriteLine($"{"articles",10} {"cold render ms",15} {Wrk.Header}");
            foreach (var size in archives)
            {
                var db = Path.Combine(work.FullName, $"archive-{size}.db");
                var watch = Stopwatch.StartNew();
                await ArchiveGenerator.CreateAsync(db, size);
                Console.WriteLine($"  (archive of {size:N0} generated in {watch.Elapsed.TotalSeconds:0} s, {new FileInfo(db).Length / 1048576.0:0} MB)");
                await using var service = await ServiceProcess.StartAsync(work.FullName, db, Path.Combine(work.FullName, "none.opml"), settings);
                using var http = new HttpClient();
                watch.Restart();
                await http.GetByteArrayAsync(service.BaseUrl + "/feed.atom");
                var cold = watch.Elapsed.TotalMilliseconds;
                foreach (var (name, path, mode) in Outputs.Where(x => x.Path == "/feed.atom"))
                    Console.WriteLine($"{size,10} {cold,15:0} {Wrk.Row(await Wrk.RunAsync(name, service.BaseUrl + path, clients, archiveSeconds, mode))}");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
        return 0;
    }

    private static readonly (string Name, string Path, Wrk.Mode Mode)[] Outputs =
    [
        ("/feed.atom", "/feed.atom", Wrk.Mode.Plain),
        ("/feed.atom gzip", "/feed.atom", Wrk.Mode.Gzip),
        ("/feed.atom conditional (304)", "/feed.atom", Wrk.Mode.Conditional),
        ("/feed.json gzip", "/feed.json", Wrk.Mode.Gzip),
        ("/ gzip", "/", Wrk.Mode.Gzip),
    ];

    private sealed record Pass(double Seconds, IReadOnlyList<Wrk.Result> Load, ServiceProcess? Service);

    private static async Task<Pass> PassAsync(string work, FeedFarmServer farm, List<string> settings, string name, int? loadSeconds, int clients, bool keepRunning = false)
    {
        var db = Path.Combine(work, $"{name}.db");
        var service = await ServiceProcess.StartAsync(work, db, farm.Opml, settings);
        try
        {
            var pass = service.WaitForFirstPassAsync(farm.Feeds, TimeSpan.FromMinutes(10));
            IReadOnlyList<Wrk.Result> load = [];
            if (loadSeconds is { } s)
            {
                // One request per output first: the first rendering of each (cold code, nothing cached yet, every
                // connection waiting for it) is not what "served from the cache" measures.
                using (var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = System.Net.DecompressionMethods.GZip }))
                    await Task.WhenAll(new[] { "/feed.atom", "/feed.json", "/" }.Select(p => http.GetByteArrayAsync(service.BaseUrl + p)));
                var each = Math.Max(1, clients / 4);
                load = await Task.WhenAll(
                    Wrk.RunAsync("/feed.atom gzip", service.BaseUrl + "/feed.atom", each, s, Wrk.Mode.Gzip),
                    Wrk.RunAsync("/feed.atom conditional", service.BaseUrl + "/feed.atom", each, s, Wrk.Mode.Conditional),
                    Wrk.RunAsync("/feed.json gzip", service.BaseUrl + "/feed.json", each, s, Wrk.Mode.Gzip),
                    Wrk.RunAsync("/ gzip", service.BaseUrl + "/", each, s, Wrk.Mode.Gzip));
            }
            var seconds = await pass;
            Console.WriteLine($"  pass {name}: {seconds:0.00} s");
            return new Pass(seconds, load, keepRunning ? service : null);
        }
        finally
        {
            if (!keepRunning) await service.DisposeAsync();
        }
    }
}
