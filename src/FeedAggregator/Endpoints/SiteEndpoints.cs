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

        app.MapGet("/healthz", async (Database db, CancellationToken ct) =>
        {
            await using var c = await db.OpenAsync(ct);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM feeds";
            var feeds = (long)(await cmd.ExecuteScalarAsync(ct))!;
            return Results.Text($"ok: database reachable, {feeds} feeds\n");
        });

        app.MapGet("/", async (FeedStore feeds, IOptions<PublishingOptions> o, TimeProvider clock, CancellationToken ct) =>
            Results.Content(StatusPage.Render(await feeds.ListAsync(ct), o.Value.Title, clock.GetUtcNow()), "text/html; charset=utf-8"));
        return app;
    }
}
