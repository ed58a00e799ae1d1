using System.Globalization;
using System.Text;
using FeedAggregator.Digest;
using FeedAggregator.Feeds;
using FeedAggregator.Publish;
using FeedAggregator.Serving;
using FeedAggregator.Store;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Endpoints;

/// <summary>/opml and the status page.</summary>
public static class SiteEndpoints
{
    public static IEndpointRouteBuilder MapSiteEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/opml", async (HttpContext ctx, FeedStore feeds, IOptions<PublishingOptions> o, TimeProvider clock, PublishedVersions versions, RenderedOutputs cache) =>
        {
            var title = o.Value.Title;
            var current = await versions.CurrentAsync();
            await CachedResponse.WriteAsync(ctx, cache, string.Join('\u001f', "/opml", title),
                "f" + current.Version.Feeds.ToString(CultureInfo.InvariantCulture), current.FeedsSince, CachedResponse.FeedCacheControl,
                async () => (Encoding.UTF8.GetBytes(Opml.Write(await feeds.ListAsync(CancellationToken.None), title, clock.GetUtcNow())), "text/x-opml; charset=utf-8"));
        });

        app.MapGet("/", async (HttpContext ctx, FeedStore feeds, ArticleStore articles, DigestStore digests, DigestService digest, DigestMailer mailer,
                OpmlSync opml, IOptions<DigestOptions> d, IOptions<PublishingOptions> o, TimeProvider clock, PublishedVersions versions, RenderedOutputs cache) =>
        {
            var title = o.Value.Title;
            var current = await versions.CurrentAsync();
            // The page shows times to the minute, so a new minute is a new version too.
            var minute = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds() / 60 * 60);
            var v = current.Version;
            var version = FormattableString.Invariant($"a{v.Articles}.f{v.Feeds}.d{v.Digests}.m{minute.ToUnixTimeSeconds()}.o{opml.ProblemVersion}");
            var lastModified = new[] { current.ArticlesSince, current.FeedsSince, current.DigestsSince, minute }.Max();
            await CachedResponse.WriteAsync(ctx, cache, string.Join('\u001f', "/", title), version, lastModified, CachedResponse.PageCacheControl, async () =>
            {
                var now = clock.GetUtcNow();
                var stats = await articles.StatsByFeedAsync(now - Cli.FeedTable.Recent, CancellationToken.None);
                string[] problems = opml.Problem is { } p ? [p] : [];
                var html = StatusPage.Render(await feeds.ListAsync(CancellationToken.None), stats, title, now, await digests.StatusAsync(CancellationToken.None),
                    digest.Schedule, mailer.Configured, d.Value.To.Count, problems);
                return (Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8");
            });
        });
        return app;
    }
}
