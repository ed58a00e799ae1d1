using System.Diagnostics;
using System.Globalization;
using FeedAggregator.Feeds;
using FeedAggregator.Polling;
using FeedAggregator.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// `polling --provider postgres --connection CS [--feeds N] [--workers 1,3]`: the polling passes of the polling benchmark
/// (first, unchanged, 20% changed) run by worker processes, each the app's real Poller on one shared database, beside
/// the same passes on SQLite with one worker, all in one run against the same generated farm. The connection string
/// names a PostgreSQL role that may create databases; each configuration gets a fresh database, dropped afterwards.
/// Each worker process starts, opens the database and waits; the wall time of a pass runs from the moment all are told
/// to go until the last has no feed left to claim, so process start and model-free DI set-up are not counted.
/// A pass is made due by moving the workers' clock a day on (every feed's next poll is then past), not by SQL.
/// </summary>
internal static class ClusterPollingBenchmark
{
    private static readonly string[] Passes = ["first (200)", "unchanged 304", "20% changed"];

    public static int Run(string[] args)
    {
        int count = 10_000;
        int[] workerCounts = [1, 3];
        string? connection = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--feeds": count = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--workers": workerCounts = args[i + 1].Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--connection": connection = args[i + 1]; break;
                case "--provider":
                    if (args[i + 1] != StorageOptions.Postgres) throw new ArgumentException("--provider takes postgres (SQLite alone: polling --feeds N)");
                    break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        connection ??= Environment.GetEnvironmentVariable("FEEDAGG_TEST_POSTGRES")
            ?? throw new ArgumentException("--connection CS (a PostgreSQL role with CREATEDB), or FEEDAGG_TEST_POSTGRES");
        Console.WriteLine($"polling benchmark, worker processes: {Environment.ProcessorCount} cores, N = {count:N0} feeds on 64 loopback hosts, default Polling options");
        Console.WriteLine($"{"storage",-22} {"pass",-14} {"wall s",8} {"feeds/s",9} {"entries",9} {"entries/s",10} {"errors",7} {"bytes in",10} {"max WS MB",10} {"db MB",8} {"CPU s",7}");
        var configurations = new List<(string Name, string Provider, int Workers)> { ("sqlite, 1 worker", StorageOptions.Sqlite, 1) };
        configurations.AddRange(workerCounts.Select(w => ($"postgres, {w} worker{(w == 1 ? "" : "s")}", StorageOptions.Postgres, w)));
        foreach (var (name, provider, workers) in configurations)
            RunConfigurationAsync(name, provider, workers, count, connection).GetAwaiter().GetResult();
        return 0;
    }

    private static async Task RunConfigurationAsync(string name, string provider, int workers, int count, string admin)
    {
        var dir = Directory.CreateTempSubdirectory("feedagg-cluster-bench-");
        var database = $"feedagg_bench_{Guid.NewGuid():N}"[..24];
        var storage = provider == StorageOptions.Sqlite
            ? Path.Combine(dir.FullName, "feedagg.db")
            : new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
        try
        {
            if (provider == StorageOptions.Postgres) await AdminAsync(admin, $"CREATE DATABASE {database}");
            // Each configuration has a farm of its own in its first state, so the three see the same feeds and changes.
            var feeds = new SyntheticFeeds(count, TimeProvider.System.GetUtcNow());
            await using var farm = await PollingBenchmark.StartFarmAsync(feeds);
            await using (var setup = PollingBenchmark.Services(provider, storage, TimeProvider.System))
            {
                await setup.GetRequiredService<Database>().MigrateAsync(default);
                await setup.GetRequiredService<FeedStore>().SyncOpmlAsync(Enumerable.Range(0, count)
                    .Select(f => new FeedSubscription(farm.Url(f), $"Feed {f}", $"Category {f % 12}")).ToList(), default);
            }
            for (var pass = 0; pass < Passes.Length; pass++)
            {
                if (pass == 2)
                    for (var f = 0; f < count; f += 5) feeds.Change(f);
                var bytesBefore = farm.BytesServed;
                var (seconds, results) = await RunWorkersAsync(provider, storage, workers, days: pass);
                var feedsPolled = results.Sum(r => r.Feeds);
                var entries = results.Sum(r => r.Entries);
                Console.WriteLine($"{name,-22} {Passes[pass],-14} {seconds,8:0.00} {feedsPolled / seconds,9:0} {entries,9} {entries / seconds,10:0} {results.Sum(r => r.Errors),7} " +
                                  $"{(farm.BytesServed - bytesBefore) / 1048576.0,8:0.0}MB {results.Max(r => r.PeakWorkingSet) / 1048576.0,10:0} " +
                                  $"{await DatabaseBytesAsync(provider, storage) / 1048576.0,8:0.0} {results.Sum(r => r.CpuSeconds),7:0.0}");
                foreach (var error in results.Select(r => r.FirstError).Where(e => e.Length > 0).Take(3)) Console.WriteLine($"  error: {error}");
                if (feedsPolled != count) Console.WriteLine($"  {feedsPolled:N0} of {count:N0} feeds polled in this pass");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            if (provider == StorageOptions.Postgres) await AdminAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            dir.Delete(recursive: true);
        }
    }

    private record WorkerResult(int Feeds, int Entries, int Errors, double CpuSeconds, long PeakWorkingSet, string FirstError);

    /// <summary>One pass by <paramref name="workers"/> processes: started, waited for until each says it is ready, then
    /// told to go at once.</summary>
    private static async Task<(double Seconds, List<WorkerResult> Results)> RunWorkersAsync(string provider, string storage, int workers, int days)
    {
        var processes = Enumerable.Range(0, workers).Select(_ =>
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(ClusterPollingBenchmark).Assembly.Location);
            foreach (var a in new[] { "polling-worker", provider, storage, days.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(a);
            return Process.Start(start.AsShipped())!;
        }).ToList();
        try
        {
            foreach (var p in processes)
                if (await p.StandardOutput.ReadLineAsync() != "ready") throw new InvalidOperationException($"worker {p.Id} did not start");
            var watch = Stopwatch.StartNew();
            foreach (var p in processes) await p.StandardInput.WriteLineAsync("go");
            var lines = await Task.WhenAll(processes.Select(p => p.StandardOutput.ReadLineAsync()));
            watch.Stop();
            var results = lines.Select(line =>
            {
                var f = (line ?? throw new InvalidOperationException("a worker ended without a result")).Split('\t');
                return new WorkerResult(int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture),
                    int.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture),
                    long.Parse(f[4], CultureInfo.InvariantCulture), f.Length > 5 ? f[5] : "");
            }).ToList();
            foreach (var p in processes) await p.WaitForExitAsync();
            return (watch.Elapsed.TotalSeconds, results);
        }
        finally
        {
            foreach (var p in processes)
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                p.Dispose();
            }
        }
    }

    /// <summary>`polling-worker PROVIDER STORAGE DAYS`: one worker process of a pass (started by the benchmark, not by hand).
    /// Prints "ready", waits for a line, polls every due feed with the clock DAYS days on, prints its tab-separated result.</summary>
    public static async Task<int> RunWorkerAsync(string[] args)
    {
        var clock = new ShiftedClock(TimeSpan.FromDays(int.Parse(args[2], CultureInfo.InvariantCulture)));
        await using var services = PollingBenchmark.Services(args[0], args[1], clock);
        var poller = services.GetRequiredService<Poller>();
        // Opened before "ready": the first connection's cost is set-up, not polling.
        await (await services.GetRequiredService<Database>().OpenAsync(default)).DisposeAsync();
        Console.WriteLine("ready");
        Console.ReadLine();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var outcomes = await poller.PollAsync(all: false, default);
        using var process = Process.GetCurrentProcess();
        var firstError = outcomes.FirstOrDefault(o => o.Status == RefreshStatus.Error) is { } e ? $"{e.Feed.Url}: {e.Error}".Replace('\t', ' ').Replace('\n', ' ') : "";
        Console.WriteLine(string.Join('\t', outcomes.Count, outcomes.Sum(o => o.New + o.Updated), outcomes.Count(o => o.Status == RefreshStatus.Error),
            (process.TotalProcessorTime - cpuBefore).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture), process.PeakWorkingSet64, firstError));
        return 0;
    }

    private static async Task<long> DatabaseBytesAsync(string provider, string storage)
    {
        if (provider == StorageOptions.Sqlite)
            return new[] { "", "-wal" }.Select(s => new FileInfo(storage + s)).Where(f => f.Exists).Sum(f => f.Length);
        await using var c = new NpgsqlConnection(storage);
        await c.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", c);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task AdminAsync(string connection, string sql)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var command = new NpgsqlCommand(sql, c);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
