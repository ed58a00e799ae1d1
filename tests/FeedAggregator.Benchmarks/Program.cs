// Benchmarks and small harnesses, one verb each, one file per verb. Each prints figures, never asserts on time.
return args.FirstOrDefault() switch
{
    "parse" => FeedAggregator.Benchmarks.ParseCommand.Run(args[1..]),
    "parse-speed" => FeedAggregator.Benchmarks.ParseSpeedBenchmark.Run(args[1..]),
    "stories-tune" => FeedAggregator.Benchmarks.StoryTuning.Run(args[1..]),
    "stories-pairs" => FeedAggregator.Benchmarks.StoryPairsDump.Run(args[1..]),
    "embedding" => FeedAggregator.Benchmarks.EmbeddingBenchmark.Run(args[1..]),
    "clustering" => FeedAggregator.Benchmarks.ClusteringBenchmark.Run(args[1..]),
    "polling" => FeedAggregator.Benchmarks.PollingBenchmark.Run(args[1..]),
    "polling-worker" => await FeedAggregator.Benchmarks.ClusterPollingBenchmark.RunWorkerAsync(args[1..]),
    "farm" => await FeedAggregator.Benchmarks.FarmBenchmark.RunAsync(args[1..]),
    "serve" => await FeedAggregator.Benchmarks.ServeBenchmark.RunAsync(args[1..]),
    "stories-sqlite" => await FeedAggregator.Benchmarks.StoriesStorageBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: FeedAggregator.Benchmarks parse-speed | embedding [--count N] [--threads T] | clustering [--count N] | stories-sqlite [--count N] | polling [--feeds N] [--provider postgres --connection CS --workers 1,3] | farm [--feeds N] [--repeat R] [--set K=V] | serve [--seconds S] [--archive 100000,1000000] | parse --batch | parse FILE [URL]");
    return 2;
}
