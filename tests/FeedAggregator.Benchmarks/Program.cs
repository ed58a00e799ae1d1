using FeedAggregator.Benchmarks;

// One verb per benchmark; each prints its figures and never asserts on time.
switch (args.FirstOrDefault())
{
    case "clustering": return ClusteringBenchmark.Run(args[1..]);
    default:
        Console.Error.WriteLine("usage: FeedAggregator.Benchmarks <verb> [options]; verbs: clustering");
        return 2;
}
