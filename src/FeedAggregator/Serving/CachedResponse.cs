using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace FeedAggregator.Serving;

/// <summary>Answers a request for a cached output: validators first (a 304 needs no rendering at all), then the
/// rendering of the current data version, in the content coding the client prefers, without a body for HEAD.</summary>
public static class CachedResponse
{
    /// <summary>Feeds: proxies and readers may keep a copy for a minute; after that they ask again with the validators.</summary>
    public const string FeedCacheControl = "public, max-age=60";
    /// <summary>Pages that show the time and the polling state: always revalidated.</summary>
    public const string PageCacheControl = "no-cache";

    /// <param name="key">Everything the output depends on besides the data: path, normalized query, public base URL, options.</param>
    /// <param name="version">The data version(s) the output is rendered from.</param>
    /// <param name="render">Renders the body; it must not touch the HttpContext (other requests may be waiting for it).</param>
    public static async Task WriteAsync(HttpContext ctx, RenderedOutputs cache, string key, string version, DateTimeOffset lastModified,
        string cacheControl, Func<Task<(byte[] Body, string ContentType)>> render)
    {
        var coding = Negotiate(ctx.Request.Headers.AcceptEncoding);
        var etag = Tag(key, version);
        var response = ctx.Response;
        response.Headers.CacheControl = cacheControl;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (IsNotModified(ctx, etag, lastModified, coding))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var rendering = await cache.GetAsync(key, version, async () =>
        {
            var (body, contentType) = await render();
            return new Rendering(version, etag, lastModified, body, contentType);
        });
        // A rendering of the previous version while the new one is being made: its own validators, not the new ones.
        if (rendering.Version != version && IsNotModified(ctx, rendering.ETag, rendering.LastModified, coding))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        var bytes = rendering.Encoded(coding);
        response.ContentType = rendering.ContentType;
        response.ContentLength = bytes.Length;
        if (coding != ContentCoding.Identity) response.Headers.ContentEncoding = coding == ContentCoding.Brotli ? "br" : "gzip";
        if (HttpMethods.IsHead(ctx.Request.Method) || ctx.Items.ContainsKey(HeadRequests.Marker)) return;
        await response.Body.WriteAsync(bytes, ctx.RequestAborted);
    }

    /// <summary>A strong tag for the identity body; a compressed body is the same content in another coding, so it gets
    /// the weak form of the same tag (as nginx does): a client's stored tag matches whichever coding it holds.</summary>
    private static bool IsNotModified(HttpContext ctx, string etag, DateTimeOffset lastModified, ContentCoding coding)
    {
        var tag = new EntityTagHeaderValue($"\"{etag}\"", isWeak: coding != ContentCoding.Identity);
        var lastModifiedSeconds = DateTimeOffset.FromUnixTimeSeconds(lastModified.ToUnixTimeSeconds());
        var headers = ctx.Response.GetTypedHeaders();
        headers.ETag = tag;
        headers.LastModified = lastModifiedSeconds;

        var request = ctx.Request.GetTypedHeaders();
        // RFC 9110 §13.2.2: If-None-Match, when present, decides alone.
        if (request.IfNoneMatch is { Count: > 0 } candidates)
            return candidates.Any(c => c.Equals(EntityTagHeaderValue.Any) || c.Compare(tag, useStrongComparison: false));
        return request.IfModifiedSince is { } since && lastModifiedSeconds <= since;
    }

    private static string Tag(string key, string version) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key + "\u001d" + version)).AsSpan(0, 12));

    /// <summary>The client's preferred coding among br, gzip and none (by q-value; on a tie br, then gzip).</summary>
    internal static ContentCoding Negotiate(StringValues acceptEncoding)
    {
        if (StringValues.IsNullOrEmpty(acceptEncoding)) return ContentCoding.Identity;
        if (!StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var values)) return ContentCoding.Identity;
        double br = 0, gzip = 0, any = -1;
        foreach (var v in values)
        {
            var q = v.Quality ?? 1;
            if (v.Value.Equals("br", StringComparison.OrdinalIgnoreCase)) br = q;
            else if (v.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || v.Value.Equals("x-gzip", StringComparison.OrdinalIgnoreCase)) gzip = q;
            else if (v.Value.Equals("*", StringComparison.Ordinal)) any = q;
        }
        if (any > 0 && !values.Any(v => v.Value.Equals("br", StringComparison.OrdinalIgnoreCase))) br = any;
        if (br > 0 && br >= gzip) return ContentCoding.Brotli;
        return gzip > 0 ? ContentCoding.Gzip : ContentCoding.Identity;
    }
}
