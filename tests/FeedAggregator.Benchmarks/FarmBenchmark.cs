using System.Globalization;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// `farm [--feeds 1000] [--items 25] [--seed 42] [--repeat 3] [--server nginx|inprocess] [--no-newsboat] [--set Section:Key=value]...`:
/// the real `feedagg poll --all` (the built executable, its own process, fresh SQLite file, Retention:Days=0) against a
/// make-farm.py farm on loopback, beside Debian's newsboat (`newsboat -x reload` on the farm's urls.txt, default
/// settings) in the same run, interleaved: each repetition regenerates the same farm, runs the first pass, an
/// unchanged pass (all 304) and a 20%-changed pass of both, alternating which goes first. A fetch-only pass (plain
/// HttpClient) in every repetition is the same-run floor. Prints medians, with the spread over repetitions.
/// </summary>
internal static class FarmBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (o, settings) = BenchTools.Parse(args, "no-newsboat");
        var bench = BenchTools.SharedBench();
        if (bench is null)
        {
            Console.WriteLine("farm benchmark skipped: it needs ../shared/bench (make-farm.py) beside the repository");
            return 0;
        }
        int feeds = o.Int("feeds", 1000), items = o.Int("items", 25), seed = o.Int("seed", 42), repeat = o.Int("repeat", 3);
        var newsboat = !o.ContainsKey("no-newsboat") && BenchTools.OnPath("newsboat");
        await using var farm = await FeedFarmServer.StartAsync(bench, feeds, items, seed, o.GetValueOrDefault("server", "nginx"));
        Console.WriteLine($"farm benchmark: {feeds} feeds x {items} items (seed {seed}), {farm.Server} on 127.0.0.1:{farm.Port}, " +
                          $"{Environment.ProcessorCount} cores, {repeat} repetitions; feedagg settings: {(settings.Count == 0 ? "defaults" : string.Join(' ', settings))}");
        if (!newsboat) Console.WriteLine("newsboat: not run (apt-get install newsboat)");

        var rows = new Dictionary<string, List<BenchTools.Timed>>();
        var entries = new List<double>();
        var fetchOnly = new List<double>();
        void Add(string name, BenchTools.Timed t) { if (!rows.TryGetValue(name, out var l)) rows[name] = l = []; l.Add(t); }

        for (var r = 0; r < repeat; r++)
        {
            if (r > 0) farm.Generate(items, seed);
            fetchOnly.Add(await farm.FetchOnlyAsync());
            var work = Directory.CreateTempSubdirectory("feedagg-farm-run-");
            try
            {
                var db = Path.Combine(work.FullName, "feedagg.db");
                string[] common = [$"--Storage:Path={db}", $"--Feeds:Opml={Path.Combine(work.FullName, "none.opml")}", "--Retention:Days=0",
                    "--Polling:AllowPrivateNetworks=true", .. settings];
                var import = BenchTools.Run("dotnet", [BenchTools.FeedaggDll, "feeds", "import", farm.Opml, .. common]);
                if (import.ExitCode != 0) throw new InvalidOperationException("feeds import: " + import.Output);
                var boatCache = Path.Combine(work.FullName, "newsboat.db");
                var boatConfig = Path.Combine(work.FullName, "newsboat.conf");
                File.WriteAllText(boatConfig, "");

                BenchTools.Timed Feedagg() => BenchTools.RunTimed(work.FullName, "dotnet", [BenchTools.FeedaggDll, "poll", "--all", .. common], asShipped: true);
                BenchTools.Timed Boat() => BenchTools.RunTimed(work.FullName, "newsboat", ["-u", farm.UrlsTxt, "-c", boatCache, "-C", boatConfig, "-x", "reload"]);

                foreach (var pass in new[] { "first", "unchanged", "20% changed" })
                {
                    if (pass == "20% changed") farm.Mutate(0.2);
                    // Interleaved: who goes first alternates, so neither always gets the cooler machine.
                    var order = (r % 2 == 0) ? new[] { "feedagg", "newsboat" } : ["newsboat", "feedagg"];
                    foreach (var who in order)
                    {
                        if (who == "newsboat" && !newsboat) continue;
                        var t = who == "feedagg" ? Feedagg() : Boat();
                        if (t.ExitCode != 0) Console.WriteLine($"  {who} {pass}: exit code {t.ExitCode}: {Tail(t.Stderr)}");
                        Add($"{who} {pass}", t);
                        if (who == "feedagg" && pass == "first") entries.Add(NewEntries(t.Stdout));
                    }
                }
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                work.Delete(recursive: true);
            }
            Console.WriteLine($"  repetition {r + 1}: feedagg first {rows["feedagg first"][^1].Wall:0.00} s" +
                              (newsboat ? $", newsboat first {rows["newsboat first"][^1].Wall:0.00} s" : "") + $", fetch only {fetchOnly[^1]:0.00} s");
        }

        Console.WriteLine($"\n{"run",-24} {"wall s",8} {"(min-max)",13} {"CPU s",7} {"peak RSS MB",12}");
        foreach (var (name, list) in rows)
            Console.WriteLine($"{name,-24} {BenchTools.Median(list.Select(t => t.Wall)),8:0.00} {$"({list.Min(t => t.Wall):0.0}-{list.Max(t => t.Wall):0.0})",13} " +
                              $"{BenchTools.Median(list.Select(t => t.Cpu)),7:0.00} {BenchTools.Median(list.Select(t => t.PeakRssMb)),12:0}");
        Console.WriteLine($"{"fetch only (HttpClient)",-24} {BenchTools.Median(fetchOnly),8:0.00} {$"({fetchOnly.Min():0.0}-{fetchOnly.Max():0.0})",13}");
        var first = rows["feedagg first"];
        var perEntry = BenchTools.Median(first.Select((t, i) => t.Cpu / Math.Max(1, entries[i]) * 1000));
        Console.WriteLine($"\nfeedagg first pass: {BenchTools.Median(entries):0} entries stored, {perEntry:0.000} ms CPU per entry, " +
                          $"{BenchTools.Median(first.Select(t => t.Wall)) / BenchTools.Median(fetchOnly):0.0}x the fetch-only pass");
        if (newsboat)
            foreach (var pass in new[] { "first", "unchanged", "20% changed" })
                Console.WriteLine($"feedagg / newsboat, {pass}: wall {Ratio(rows, pass, t => t.Wall):0.00}, CPU {Ratio(rows, pass, t => t.Cpu):0.00}, peak RSS {Ratio(rows, pass, t => t.PeakRssMb):0.00}");
        return 0;
    }

    private static double Ratio(Dictionary<string, List<BenchTools.Timed>> rows, string pass, Func<BenchTools.Timed, double> f) =>
        BenchTools.Median(rows[$"feedagg {pass}"].Zip(rows[$"newsboat {pass}"], (a, b) => f(a) / f(b)));

    /// <summary>From poll's last line: "N feeds: X new, Y updated, …".</summary>
    private static double NewEntries(string stdout)
    {
        // The summary line, wherever it is: `poll` may print a line about the story stage after it.
        var m = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\d+ feeds: (\d+) new, (\d+) updated"))
            .LastOrDefault(x => x.Success) ?? System.Text.RegularExpressions.Match.Empty;
        return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
    }

    private static string Tail(string s) => s.Length > 300 ? s[^300..] : s;
}
