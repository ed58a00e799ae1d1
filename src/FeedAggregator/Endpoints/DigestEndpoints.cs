using System.Text;
using System.Text.Encodings.Web;
using FeedAggregator.Dedupe;
using System.Globalization;
using FeedAggregator.Digest;
using FeedAggregator.Publish;
using FeedAggregator.Serving;
using FeedAggregator.Store;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Endpoints;

/// <summary>/digest.atom (one entry per digest), the archive /digests/, and each digest's page: /digests/latest and
/// /digests/{yyyy-MM-dd} (a second digest the same day is /digests/{yyyy-MM-dd}-2), which list every story of the
/// window (the email shows at most Digest:MaxItems in full and links here) with links to the previous and next digest.</summary>
public static class DigestEndpoints
{
    public static IEndpointRouteBuilder MapDigestEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/digest.atom", async (HttpContext ctx, DigestStore store, IOptions<PublishingOptions> o, PublishedVersions versions, RenderedOutputs cache, ServiceStart started) =>
        {
            var baseUrl = FeedEndpoints.PublicBase(ctx, o.Value);
            var title = o.Value.Title;
            var current = await versions.CurrentAsync();
            await CachedResponse.WriteAsync(ctx, cache, string.Join('\u001f', baseUrl, "/digest.atom", title),
                "d" + current.Version.Digests.ToString(CultureInfo.InvariantCulture), current.DigestsSince, CachedResponse.FeedCacheControl,
                async () => (DigestFeedWriter.WriteAtom(await store.LatestAsync(30, CancellationToken.None), title, baseUrl, started.At), "application/atom+xml; charset=utf-8"));
        });
        // Routing ignores a trailing slash: this answers /digests too.
        app.MapGet("/digests/", async (DigestStore store, IOptions<PublishingOptions> o, CancellationToken ct) =>
            Results.Content(Archive(await store.ListAsync(ct), o.Value.Title), "text/html; charset=utf-8"));
        app.MapGet("/digests/latest", async (DigestStore store, CancellationToken ct) =>
            await PageAsync((await store.LatestAsync(1, ct)).FirstOrDefault(), store, ct));
        // Any other name is a 404 from FindAsync: slugs are yyyy-MM-dd or yyyy-MM-dd-N, written by DigestService.
        app.MapGet("/digests/{slug}", async (string slug, DigestStore store, CancellationToken ct) =>
            await PageAsync(await store.FindAsync(slug, ct), store, ct));
        return app;
    }

    private static async Task<IResult> PageAsync(StoredDigest? digest, DigestStore store, CancellationToken ct)
    {
        if (digest is null)
            return Results.Content("<!doctype html><title>No digest</title><p>No digest here (yet). See <a href=\"/digests/\">all digests</a> or <a href=\"/\">the status page</a>.</p>\n",
                "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        var (previous, next) = await store.NeighboursAsync(digest.WindowEndMs, ct);
        return Results.Content(DigestRenderer.Document(digest.Title, Navigation(previous, next) + "\n" + DigestFeedWriter.Body(digest)),
            "text/html; charset=utf-8");
    }

    private const string NavStyle = "max-width:600px;margin:16px auto 0 auto;padding:0 8px;font-family:Helvetica,Arial,sans-serif;font-size:14px;line-height:20px;color:#52606d;";

    private static string Navigation(string? previous, string? next)
    {
        var parts = new List<string>();
        if (previous is not null) parts.Add($"<a rel=\"prev\" href=\"/digests/{Uri.EscapeDataString(previous)}\" style=\"color:#2b6cb0;\">← {HtmlEncoder.Default.Encode(previous)}</a>");
        parts.Add("<a href=\"/digests/\" style=\"color:#2b6cb0;\">All digests</a>");
        if (next is not null) parts.Add($"<a rel=\"next\" href=\"/digests/{Uri.EscapeDataString(next)}\" style=\"color:#2b6cb0;\">{HtmlEncoder.Default.Encode(next)} →</a>");
        return $"<nav style=\"{NavStyle}\">{string.Join(" · ", parts)}</nav>";
    }

    private static string Archive(IReadOnlyList<DigestListing> digests, string title)
    {
        var h = HtmlEncoder.Default;
        var sb = new StringBuilder($"<nav style=\"{NavStyle}\"><a href=\"/\" style=\"color:#2b6cb0;\">{h.Encode(title)}</a> · <a href=\"/digest.atom\" style=\"color:#2b6cb0;\">digest feed</a></nav>\n");
        sb.Append($"<main style=\"max-width:600px;margin:0 auto;padding:8px;font-family:Georgia,'Times New Roman',serif;color:#1f2933;\"><h1>{h.Encode(title)} digests</h1>\n");
        if (digests.Count == 0) sb.Append("<p>No digest yet.</p>\n");
        else
        {
            sb.Append("<ul>\n");
            foreach (var d in digests)
                sb.Append($"<li><a href=\"/digests/{Uri.EscapeDataString(d.Slug)}\">{h.Encode(d.Title)}</a></li>\n");
            sb.Append("</ul>\n");
        }
        sb.Append("</main>");
        return DigestRenderer.Document($"{title} digests", sb.ToString());
    }
}
