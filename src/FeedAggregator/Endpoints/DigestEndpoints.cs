using System.Globalization;
using FeedAggregator.Digest;
using FeedAggregator.Publish;
using FeedAggregator.Serving;
using FeedAggregator.Store;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Endpoints;

/// <summary>/digest.atom (one entry per digest), /digests/latest and /digests/{yyyy-MM-dd} (a second digest the
/// same day is /digests/{yyyy-MM-dd}-2): the stored HTML, exactly what was mailed.</summary>
public static class DigestEndpoints
{
    public static IEndpointRouteBuilder MapDigestEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/digest.atom", async (HttpContext ctx, DigestStore store, IOptions<PublishingOptions> o, PublishedVersions versions, RenderedOutputs cache) =>
        {
            var baseUrl = FeedEndpoints.PublicBase(ctx, o.Value);
            var title = o.Value.Title;
            var current = await versions.CurrentAsync();
            await CachedResponse.WriteAsync(ctx, cache, string.Join('\u001f', baseUrl, "/digest.atom", title),
                "d" + current.Version.Digests.ToString(CultureInfo.InvariantCulture), current.DigestsSince, CachedResponse.FeedCacheControl,
                async () => (DigestFeedWriter.WriteAtom(await store.LatestAsync(30, CancellationToken.None), title, baseUrl), "application/atom+xml; charset=utf-8"));
        });
        app.MapGet("/digests/latest", async (DigestStore store, CancellationToken ct) =>
            Page((await store.LatestAsync(1, ct)).FirstOrDefault()));
        // Any other name is a 404 from FindAsync: slugs are yyyy-MM-dd or yyyy-MM-dd-N, written by DigestService.
        app.MapGet("/digests/{slug}", async (string slug, DigestStore store, CancellationToken ct) =>
            Page(await store.FindAsync(slug, ct)));
        return app;
    }

    private static IResult Page(StoredDigest? digest) => digest is null
        ? Results.Content("<!doctype html><title>No digest</title><p>No digest here (yet). See <a href=\"/\">the status page</a>.</p>\n",
            "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound)
        : Results.Content(digest.Html, "text/html; charset=utf-8");
}
