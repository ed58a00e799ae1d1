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
        var stats = app.ServiceProvider.GetRequiredService<StatsStore>();
        var f = Metrics.WithCustomRegistry(registry);
        var feeds = f.CreateGauge("feedagg_feeds", "Subscribed feeds by health.", new GaugeConfiguration { LabelNames = ["health"] });
        var articles = f.CreateGauge("feedagg_articles", "Articles stored.");
        var stories = f.CreateGauge("feedagg_stories", "Stories formed (one per piece of news), stored.");
        var multiSource = f.CreateGauge("feedagg_stories_multi_source", "Stories carried by more than one feed.");
        var deliveries = f.CreateGauge("feedagg_digest_deliveries", "Digest deliveries (one per digest and recipient) by state: sent, pending, failing.",
            new GaugeConfiguration { LabelNames = ["state"] });
        var digests = f.CreateGauge("feedagg_digests", "Digests built.");
        var size = f.CreateGauge("feedagg_database_size_bytes", "Size of the database (the SQLite file with its write-ahead log).");
        var lastPoll = f.CreateGauge("feedagg_last_poll_timestamp_seconds", "When a feed was last polled (Unix time).");
        var lastArticle = f.CreateGauge("feedagg_last_article_timestamp_seconds", "When the newest article was first seen (Unix time).");

        registry.AddBeforeCollectCallback(async ct =>
        {
            var m = await stats.SnapshotAsync(ct);
            feeds.WithLabels("ok").Set(m.FeedsOk);
            feeds.WithLabels("new").Set(m.FeedsNew);
            feeds.WithLabels("failing").Set(m.FeedsFailing);
            feeds.WithLabels("disabled").Set(m.FeedsDisabled);
            articles.Set(m.Articles);
            stories.Set(m.Stories);
            multiSource.Set(m.MultiSourceStories);
            digests.Set(m.Digests);
            deliveries.WithLabels("sent").Set(m.DeliveriesSent);
            deliveries.WithLabels("pending").Set(m.DeliveriesPending);
            deliveries.WithLabels("failing").Set(m.DeliveriesFailing);
            lastPoll.Set(m.LastPollMs / 1000.0);
            lastArticle.Set(m.LastArticleMs / 1000.0);
            size.Set(m.DatabaseBytes);
        });
        app.MapMetrics("/metrics", registry);
        return app;
    }
}
