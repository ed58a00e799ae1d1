using System.Diagnostics;
using System.Globalization;
using System.ServiceModel.Syndication;
using System.Xml;
using FeedAggregator.Parse;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// <c>parse-speed</c>: throughput (MB/s, entries/s) and allocation (bytes per MB of input) of
/// (a) a bare XmlReader read-through, (b) SyndicationFeed.Load, (c) FeedParser's parse stage
/// (sanitize: false) and (d) FeedParser with sanitizing, over generated feeds in every format.
/// Warm-up, then several rounds; medians are printed. Never asserts on time.
/// </summary>
internal static class ParseSpeedBenchmark
{
    private sealed record Doc(FeedGenerator.Kind Kind, byte[] Bytes, int Entries);

    private static readonly XmlReaderSettings BareSettings = new() { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreComments = true };

    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 && int.TryParse(args[0], out var r) ? r : 7;
        var parser = new FeedParser();
        var docs = new List<Doc>();
        foreach (var kind in Enum.GetValues<FeedGenerator.Kind>())
            for (int seed = 1; seed <= 6; seed++)
            {
                var bytes = FeedGenerator.Generate(kind, seed + 100 * (int)kind);
                docs.Add(new Doc(kind, bytes, parser.Parse(bytes).Entries.Count));
            }
        var xmlDocs = docs.Where(d => d.Kind != FeedGenerator.Kind.Json11).ToList();
        var subset = docs.Where(d => d.Kind is FeedGenerator.Kind.Rss20 or FeedGenerator.Kind.Atom10).ToList();
        Console.WriteLine($"corpus: {docs.Count} documents, {docs.Sum(d => d.Bytes.Length) / 1024} KB, {docs.Average(d => d.Bytes.Length) / 1024:0} KB each, {docs.Sum(d => d.Entries)} entries; {rounds} rounds, medians");
        Console.WriteLine();
        Console.WriteLine($"{"measure",-44} {"MB/s",8} {"entries/s",11} {"alloc B/MB",12}");

        var cases = new List<Case>
        {
            new("(a) bare XmlReader, RSS2+Atom", subset, ReadThrough),
            new("(b) SyndicationFeed.Load, RSS2+Atom", subset, d => { using var x = XmlReader.Create(new MemoryStream(d.Bytes), BareSettings); SyndicationFeed.Load(x); }),
            new("(c) FeedParser parse stage, RSS2+Atom", subset, d => parser.Parse(d.Bytes, null, null, sanitize: false)),
            new("(d) FeedParser full (sanitized), RSS2+Atom", subset, d => parser.Parse(d.Bytes)),
            new("(a) bare XmlReader, all XML formats", xmlDocs, ReadThrough),
            new("(c) FeedParser parse stage, all formats", docs, d => parser.Parse(d.Bytes, null, null, sanitize: false)),
            new("(d) FeedParser full (sanitized), all formats", docs, d => parser.Parse(d.Bytes)),
        };
        foreach (var kind in Enum.GetValues<FeedGenerator.Kind>())
            cases.Add(new($"(c) parse stage, {kind}", docs.Where(d => d.Kind == kind).ToList(), d => parser.Parse(d.Bytes, null, null, sanitize: false)));
        var results = Measure(cases, rounds);
        foreach (var c in cases)
        {
            var res = results[c.Name];
            Console.WriteLine($"{c.Name,-44} {res.MBps,8:0.0} {res.EntriesPerSecond,11:0} {res.AllocPerMB,12:0}");
        }

        Console.WriteLine();
        double ca = results["(c) FeedParser parse stage, RSS2+Atom"].MBps / results["(a) bare XmlReader, RSS2+Atom"].MBps;
        double cb = results["(c) FeedParser parse stage, RSS2+Atom"].MBps / results["(b) SyndicationFeed.Load, RSS2+Atom"].MBps;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio (c)/(a) on RSS2+Atom: {ca:0.00}  (goal >= 0.50)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio (c)/(b) on RSS2+Atom: {cb:0.00}  (goal >= 1.00)"));
        return 0;
    }

    // A read-through that also materializes text values, which any parser has to do.
    private static void ReadThrough(Doc d)
    {
        using var x = XmlReader.Create(new MemoryStream(d.Bytes), BareSettings);
        while (x.Read())
            if (x.NodeType is XmlNodeType.Text or XmlNodeType.CDATA) _ = x.Value;
    }

    private sealed record Case(string Name, List<Doc> Set, Action<Doc> Action);

    private readonly record struct Result(double MBps, double EntriesPerSecond, double AllocPerMB);

    /// <summary>
    /// Rounds are interleaved (each round runs every case once) so that load from other processes on a
    /// shared machine hits all cases alike; the median round is reported per case.
    /// </summary>
    private static Dictionary<string, Result> Measure(List<Case> cases, int rounds)
    {
        var reps = new Dictionary<string, int>();
        foreach (var c in cases)
        {
            // Warm-up long enough for tiered JIT to reach optimized code (it promotes after ~30 calls and a delay).
            var warm = Stopwatch.StartNew();
            int passes = 0;
            while (warm.Elapsed.TotalSeconds < 0.4 || passes < 3)
            {
                foreach (var d in c.Set) c.Action(d);
                passes++;
            }
            // Enough repetitions per round for ~100 ms of work.
            reps[c.Name] = Math.Max(1, (int)(0.1 * passes / warm.Elapsed.TotalSeconds));
        }
        var times = cases.ToDictionary(c => c.Name, _ => new List<double>());
        var allocs = cases.ToDictionary(c => c.Name, _ => new List<double>());
        for (int r = 0; r < rounds; r++)
        {
            foreach (var c in cases)
            {
                int n = reps[c.Name];
                long a0 = GC.GetAllocatedBytesForCurrentThread();
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < n; i++)
                    foreach (var d in c.Set) c.Action(d);
                sw.Stop();
                times[c.Name].Add(sw.Elapsed.TotalSeconds / n);
                allocs[c.Name].Add((GC.GetAllocatedBytesForCurrentThread() - a0) / (double)n);
            }
        }
        var results = new Dictionary<string, Result>();
        foreach (var c in cases)
        {
            double mb = c.Set.Sum(d => (long)d.Bytes.Length) / (1024.0 * 1024.0);
            double t = Median(times[c.Name]);
            results[c.Name] = new Result(mb / t, c.Set.Sum(d => d.Entries) / t, Median(allocs[c.Name]) / mb);
        }
        return results;
    }

    private static double Median(List<double> xs)
    {
        xs.Sort();
        return xs[xs.Count / 2];
    }
}
