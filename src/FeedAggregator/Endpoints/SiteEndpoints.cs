using FeedAggregator.Digest;
using FeedAggregator.Feeds;
using FeedAggregator.Publish;
using FeedAggregator.Store;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Endpoints;

/// <summary>/opml, /healthz and the status page.</summary>
public static class SiteEndpoints
{
    public static IEndpointRouteBuilder MapSiteEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/opml", async (FeedStore feeds, IOptions<PublishingOptions> o, TimeProvider clock, CancellationToken ct) =>
            Results.Text(Opml.Write(await feeds.ListAsync(ct), o.Value.Title, clock.GetUtcNow()), "text/x-opml; charset=utf-8"));

        app.MapGet("/healthz", async (StatsStore stats, CancellationToken ct) =>
            Results.Text($"ok: database reachable, {await stats.FeedCountAsync(ct)} feeds\n"));

        app.MapGet("/", async (FeedStore feeds, DigestStore digests, DigestService digest, DigestMailer mailer, IOptions<DigestOptions> d,
                IOptions<PublishingOptions> o, TimeProvider clock, CancellationToken ct) =>
        {
            var now = clock.GetUtcNow();
            var digestHtml = DigestStatusHtml.Render(await digests.StatusAsync(ct), digest.Schedule, mailer.Configured, d.Value.To.Count, now);
            return Results.Content(StatusPage.Render(await feeds.ListAsync(ct), o.Value.Title, now, digestHtml), "text/html; charset=utf-8");
        });
        return app;
    }
}
