using Microsoft.Net.Http.Headers;

namespace FeedAggregator.Endpoints;

/// <summary>ETag / Last-Modified validation for generated documents, decided before anything is rendered.</summary>
public static class ConditionalGet
{
    /// <summary>Sets the validators on the response and tells whether the client's copy is current.</summary>
    public static bool IsNotModified(HttpContext ctx, string etag, DateTimeOffset lastModified)
    {
        var tag = new EntityTagHeaderValue($"\"{etag}\"");
        var lastModifiedSeconds = DateTimeOffset.FromUnixTimeSeconds(lastModified.ToUnixTimeSeconds());
        var headers = ctx.Response.GetTypedHeaders();
        headers.ETag = tag;
        headers.LastModified = lastModifiedSeconds;
        headers.CacheControl = new CacheControlHeaderValue { Public = true, NoCache = true };

        var request = ctx.Request.GetTypedHeaders();
        // RFC 9110 §13.2.2: If-None-Match, when present, decides alone.
        if (request.IfNoneMatch is { Count: > 0 } candidates)
            return candidates.Any(c => c.Equals(EntityTagHeaderValue.Any) || c.Compare(tag, useStrongComparison: false));
        return request.IfModifiedSince is { } since && lastModifiedSeconds <= since;
    }
}
