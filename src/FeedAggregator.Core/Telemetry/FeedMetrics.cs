using Prometheus;

namespace FeedAggregator.Telemetry;

/// <summary>What polling does, counted as it happens (prometheus-net), in the registry of this process's /metrics.
/// The state that lives in the database (feeds by health, stories, digest deliveries, its size) is read at scrape
/// time instead (Endpoints/MetricsEndpoints.cs), so it is right whichever process did the work.</summary>
public sealed class FeedMetrics
{
    public FeedMetrics(CollectorRegistry registry)
    {
        var f = Metrics.WithCustomRegistry(registry);
        Polls = f.CreateCounter("feedagg_polls_total", "Feed refreshes by outcome.",
            new CounterConfiguration { LabelNames = ["outcome"] });
        FetchDuration = f.CreateHistogram("feedagg_fetch_duration_seconds", "Time to fetch one feed (redirects and body included), by result.",
            new HistogramConfiguration { LabelNames = ["result"], Buckets = Histogram.ExponentialBuckets(0.01, 2, 13) });
        BytesFetched = f.CreateCounter("feedagg_fetched_bytes_total", "Feed body bytes received (after decompression).");
        Entries = f.CreateCounter("feedagg_entries_total", "Entries stored by polling: new ones and ones updated upstream.",
            new CounterConfiguration { LabelNames = ["kind"] });
        PollPasses = f.CreateCounter("feedagg_poll_passes_total", "Scheduler poll passes finished.");
        foreach (var outcome in Enum.GetNames<Polling.RefreshStatus>()) Polls.WithLabels(Outcome(outcome));
        Entries.WithLabels("new");
        Entries.WithLabels("updated");
    }

    public Counter Polls { get; }
    public Histogram FetchDuration { get; }
    public Counter BytesFetched { get; }
    public Counter Entries { get; }
    public Counter PollPasses { get; }

    public void Record(Polling.RefreshOutcome outcome)
    {
        Polls.WithLabels(Outcome(outcome.Status.ToString())).Inc();
        if (outcome.New > 0) Entries.WithLabels("new").Inc(outcome.New);
        if (outcome.Updated > 0) Entries.WithLabels("updated").Inc(outcome.Updated);
    }

    /// <summary>"NotModified" → "not_modified": Prometheus label values in snake case.</summary>
    private static string Outcome(string status) =>
        string.Concat(status.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
