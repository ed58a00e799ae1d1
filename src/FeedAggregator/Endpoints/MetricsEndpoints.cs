using System.Globalization;
using System.Text;
using FeedAggregator.Store;

namespace FeedAggregator.Endpoints;

/// <summary>/metrics in the Prometheus text format: the state of feeds, articles and stories, read from the
/// database so that the figures are right whichever process (service or CLI) did the polling.</summary>
public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (StatsStore stats, CancellationToken ct) =>
        {
            var m = await stats.SnapshotAsync(ct);
            var sb = new StringBuilder();
            Gauge(sb, "feedagg_feeds", "Subscribed feeds by health state.",
                ("state=\"ok\"", m.FeedsOk), ("state=\"failing\"", m.FeedsFailing), ("state=\"disabled\"", m.FeedsDisabled));
            Gauge(sb, "feedagg_articles", "Articles stored.", (null, m.Articles));
            Gauge(sb, "feedagg_stories", "Stories (one per piece of news).", (null, m.Stories));
            Gauge(sb, "feedagg_stories_multi_source", "Stories carried by more than one feed.", (null, m.MultiSourceStories));
            Gauge(sb, "feedagg_last_poll_timestamp_seconds", "When a feed was last polled (Unix time).", (null, m.LastPollMs / 1000));
            Gauge(sb, "feedagg_last_article_timestamp_seconds", "When the newest article was first seen (Unix time).", (null, m.LastArticleMs / 1000));
            return Results.Text(sb.ToString(), "text/plain; version=0.0.4; charset=utf-8");
        });
        return app;
    }

    private static void Gauge(StringBuilder sb, string name, string help, params (string? Labels, long Value)[] samples)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(" gauge\n");
        foreach (var (labels, value) in samples)
            sb.Append(name).Append(labels is null ? "" : "{" + labels + "}").Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
