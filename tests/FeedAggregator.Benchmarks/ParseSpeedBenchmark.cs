namespace FeedAggregator.Benchmarks;

internal static class ParseSpeedBenchmark
{
    public static int Run(string[] args)
    {
        _ = args;
        Console.WriteLine("parse-speed: not written yet");
        return 1;
    }
}
