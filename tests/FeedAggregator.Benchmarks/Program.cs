// Benchmarks and small harnesses, one verb each, one file per verb.
return args.FirstOrDefault() switch
{
    "parse" => FeedAggregator.Benchmarks.ParseCommand.Run(args[1..]),
    "parse-speed" => FeedAggregator.Benchmarks.ParseSpeedBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: FeedAggregator.Benchmarks parse-speed | parse --batch | parse FILE [URL]");
    return 2;
}
