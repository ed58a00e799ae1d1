using System.Globalization;
using System.Text;
using Dapper;
using FeedAggregator.Store;

namespace FeedAggregator.Endpoints;

/// <summary>/metrics in the Prometheus text format: the state of feeds, articles and stories, read from the
/// database so that the figures are right whichever process (service or CLI) did the polling.</summary>
public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (Database db, CancellationToken ct) =>
        {
            await using var c = await db.OpenAsync(ct);
            var m = await c.QuerySingleAsync<Snapshot>(new CommandDefinition("""
                SELECT (SELECT count(*) FROM feeds WHERE enabled = 1 AND error_count = 0) AS FeedsOk,
                       (SELECT count(*) FROM feeds WHERE enabled = 1 AND error_count > 0) AS FeedsFailing,
                       (SELECT count(*) FROM feeds WHERE enabled = 0) AS FeedsDisabled,
                       (SELECT count(*) FROM articles) AS Articles,
                       (SELECT count(*) FROM stories) AS Stories,
                       (SELECT count(*) FROM stories WHERE source_count > 1) AS MultiSourceStories,
                       (SELECT coalesce(max(last_polled_at), 0) FROM feeds) AS LastPollMs,
                       (SELECT coalesce(max(first_seen_at), 0) FROM articles) AS LastArticleMs
                """, cancellationToken: ct));
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

    private sealed class Snapshot
    {
        public long FeedsOk { get; init; }
        public long FeedsFailing { get; init; }
        public long FeedsDisabled { get; init; }
        public long Articles { get; init; }
        public long Stories { get; init; }
        public long MultiSourceStories { get; init; }
        public long LastPollMs { get; init; }
        public long LastArticleMs { get; init; }
    }
}
