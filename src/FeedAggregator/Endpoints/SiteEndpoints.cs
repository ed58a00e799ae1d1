using FeedAggregator.Digest;
using FeedAggregator.Feeds;
using FeedAggregator.Publish;
using FeedAggregator.Store;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Endpoints;

/// <summary>/opml and the status page.</summary>
public static class SiteEndpoints
{
    public static IEndpointRouteBuilder MapSiteEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/opml", async (FeedStore feeds, IOptions<PublishingOptions> o, TimeProvider clock, CancellationToken ct) =>
            Results.Text(Opml.Write(await feeds.ListAsync(ct), o.Value.Title, clock.GetUtcNow()), "text/x-opml; charset=utf-8"));

        app.MapGet("/", async (FeedStore feeds, ArticleStore articles, DigestStore digests, DigestService digest, DigestMailer mailer,
                OpmlSync opml, IOptions<DigestOptions> d, IOptions<PublishingOptions> o, TimeProvider clock, CancellationToken ct) =>
        {
            var now = clock.GetUtcNow();
            var stats = await articles.StatsByFeedAsync(now - Cli.FeedTable.Recent, ct);
            string[] problems = opml.Problem is { } p ? [p] : [];
            var html = StatusPage.Render(await feeds.ListAsync(ct), stats, o.Value.Title, now, await digests.StatusAsync(ct), digest.Schedule,
                mailer.Configured, d.Value.To.Count, problems);
            return Results.Content(html, "text/html; charset=utf-8");
        });
        return app;
    }
}
