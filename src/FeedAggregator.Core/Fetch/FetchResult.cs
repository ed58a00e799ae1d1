using System.Net;

namespace FeedAggregator.Fetch;

/// <summary>What one conditional GET of a feed gave.</summary>
public sealed record FetchResult
{
    public required HttpStatusCode Status { get; init; }
    public bool NotModified => Status == HttpStatusCode.NotModified;
    public byte[] Body { get; init; } = [];
    /// <summary>Where the body really came from after redirects: the base for relative links.</summary>
    public required Uri FinalUrl { get; init; }
    /// <summary>Where 301/308 redirects led, when every redirect from the requested URL was permanent: a candidate
    /// for the stored URL once confirmed. Null without redirects, or when a temporary one came first.</summary>
    public Uri? PermanentRedirect { get; init; }
    public string? ContentType { get; init; }
    public string? Charset { get; init; }
    public string? Etag { get; init; }
    public string? LastModified { get; init; }
    /// <summary>Cache-Control max-age or Expires, whichever the server gave: a lower bound for the next poll.</summary>
    public TimeSpan? CacheLifetime { get; init; }
    /// <summary>Retry-After on 429/503.</summary>
    public TimeSpan? RetryAfter { get; init; }
    /// <summary>The response's Link headers (RFC 8288), as sent: where WebSub hubs are announced first.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];
}

/// <summary>A fetch that failed in a way worth telling the user (network, HTTP status, size).</summary>
public sealed class FetchException(string message, HttpStatusCode? status = null, TimeSpan? retryAfter = null, Exception? inner = null,
    Uri? url = null) : Exception(message, inner)
{
    /// <summary>The address that failed (after redirects): its host is the one a 429 cools down.</summary>
    public Uri? Url { get; } = url;
    public HttpStatusCode? Status { get; } = status;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
