using Dapper;
using FeedAggregator.Store;
using Prometheus;

namespace FeedAggregator.Endpoints;

/// <summary>/metrics (prometheus-net): the counters polling keeps as it works (Telemetry/FeedMetrics.cs), and gauges of
/// the state in the database, read at each scrape so that they are right whichever process (service or CLI) did the
/// work: feeds by health, articles, stories, digest deliveries by state, database size.</summary>
public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        var registry = app.ServiceProvider.GetRequiredService<CollectorRegistry>();
        var db = app.ServiceProvider.GetRequiredService<Database>();
        var f = Metrics.WithCustomRegistry(registry);
        var feeds = f.CreateGauge("feedagg_feeds", "Subscribed feeds by health.", new GaugeConfiguration { LabelNames = ["health"] });
        var articles = f.CreateGauge("feedagg_articles", "Articles stored.");
        var stories = f.CreateGauge("feedagg_stories", "Stories formed (one per piece of news), stored.");
        var multiSource = f.CreateGauge("feedagg_stories_multi_source", "Stories carried by more than one feed.");
        var deliveries = f.CreateGauge("feedagg_digest_deliveries", "Digest deliveries (one per digest and recipient) by state: sent, pending, failing.",
            new GaugeConfiguration { LabelNames = ["state"] });
        var digests = f.CreateGauge("feedagg_digests", "Digests built.");
        var size = f.CreateGauge("feedagg_database_size_bytes", "Size of the SQLite file with its write-ahead log.");
        var lastPoll = f.CreateGauge("feedagg_last_poll_timestamp_seconds", "When a feed was last polled (Unix time).");

        registry.AddBeforeCollectCallback(async ct =>
        {
            await using var c = await db.OpenAsync(ct);
            var m = await c.QuerySingleAsync<Snapshot>(new CommandDefinition("""
                SELECT (SELECT count(*) FROM feeds WHERE enabled = 1 AND error_count = 0 AND last_success_at IS NOT NULL) AS FeedsOk,
                       (SELECT count(*) FROM feeds WHERE enabled = 1 AND error_count = 0 AND last_success_at IS NULL) AS FeedsNew,
                       (SELECT count(*) FROM feeds WHERE enabled = 1 AND error_count > 0) AS FeedsFailing,
                       (SELECT count(*) FROM feeds WHERE enabled = 0) AS FeedsDisabled,
                       (SELECT count(*) FROM articles) AS Articles,
                       (SELECT count(*) FROM stories) AS Stories,
                       (SELECT count(*) FROM stories WHERE source_count > 1) AS MultiSourceStories,
                       (SELECT count(*) FROM digests) AS Digests,
                       (SELECT count(*) FROM digest_deliveries WHERE status = 'sent') AS Sent,
                       (SELECT count(*) FROM digest_deliveries WHERE status <> 'sent' AND attempts = 0) AS Pending,
                       (SELECT count(*) FROM digest_deliveries WHERE status <> 'sent' AND attempts > 0) AS Failing,
                       (SELECT coalesce(max(last_polled_at), 0) FROM feeds) AS LastPollMs
                """, cancellationToken: ct));
            feeds.WithLabels("ok").Set(m.FeedsOk);
            feeds.WithLabels("new").Set(m.FeedsNew);
            feeds.WithLabels("failing").Set(m.FeedsFailing);
            feeds.WithLabels("disabled").Set(m.FeedsDisabled);
            articles.Set(m.Articles);
            stories.Set(m.Stories);
            multiSource.Set(m.MultiSourceStories);
            digests.Set(m.Digests);
            deliveries.WithLabels("sent").Set(m.Sent);
            deliveries.WithLabels("pending").Set(m.Pending);
            deliveries.WithLabels("failing").Set(m.Failing);
            lastPoll.Set(m.LastPollMs / 1000.0);
            size.Set(new[] { db.FilePath, db.FilePath + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length));
        });
        app.MapMetrics("/metrics", registry);
        return app;
    }

    private sealed class Snapshot
    {
        public long FeedsOk { get; init; }
        public long FeedsNew { get; init; }
        public long FeedsFailing { get; init; }
        public long FeedsDisabled { get; init; }
        public long Articles { get; init; }
        public long Stories { get; init; }
        public long MultiSourceStories { get; init; }
        public long Digests { get; init; }
        public long Sent { get; init; }
        public long Pending { get; init; }
        public long Failing { get; init; }
        public long LastPollMs { get; init; }
    }
}
