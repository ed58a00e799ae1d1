using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using FeedAggregator.Polling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Fetch;

/// <summary>Conditional GET of one feed through the named "feeds" HttpClient.</summary>
public sealed class FeedFetcher(IHttpClientFactory clients, IOptions<PollingOptions> options, TimeProvider clock, Telemetry.FeedMetrics metrics,
    ILogger<FeedFetcher> logger)
{
    public const string ClientName = "feeds";

    /// <summary>Fetches, counting the wall time (a real stopwatch: the injected clock may be a test's) and the bytes.</summary>
    public async Task<FetchResult> FetchAsync(Uri url, string? etag, string? lastModified, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = "error";
        try
        {
            var fetched = await FetchOnceAsync(url, etag, lastModified, ct);
            result = fetched.NotModified ? "not_modified" : "ok";
            metrics.BytesFetched.Inc(fetched.Body.Length);
            return fetched;
        }
        finally
        {
            metrics.FetchDuration.WithLabels(result).Observe(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task<FetchResult> FetchOnceAsync(Uri url, string? etag, string? lastModified, CancellationToken ct)
    {
        var o = options.Value;
        var client = clients.CreateClient(ClientName);
        // Polling:Timeout on the injected clock, covering the redirect chain and the body.
        using var deadline = new CancellationTokenSource(o.Timeout, clock);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);

        // Redirects are followed here, not by the handler: only here can a permanent move (301/308 all the way
        // from the stored URL) be told from a temporary one, and a loop be named as such.
        var current = url;
        Uri? permanent = null;
        var onlyPermanent = true;
        var chain = new List<Uri> { url };
        HttpResponseMessage response;
        while (true)
        {
            response = await SendAsync(client, current, etag, lastModified, o, ct, timeout.Token);
            if (!IsRedirect(response.StatusCode)) break;
            var status = response.StatusCode;
            var location = response.Headers.Location;
            response.Dispose();
            if (location is null)
                throw new FetchException($"HTTP {(int)status} redirect without a Location header", status, url: current);
            var next = location.IsAbsoluteUri ? location : new Uri(current, location);
            if (next.Scheme is not ("http" or "https"))
                throw new FetchException($"redirect to a non-HTTP address: {next}", status, url: current);
            if (chain.Any(u => u == next))
                throw new FetchException($"redirect loop: {string.Join(" -> ", chain.Append(next))}", status, url: current);
            chain.Add(next);
            if (chain.Count - 1 > o.MaxRedirects)
                throw new FetchException($"more than {o.MaxRedirects} redirects (Polling:MaxRedirects): {string.Join(" -> ", chain)}", status, url: current);
            onlyPermanent &= status is HttpStatusCode.MovedPermanently or HttpStatusCode.PermanentRedirect;
            if (onlyPermanent) permanent = next;
            current = next;
        }

        using (response)
        {
            var finalUrl = current;
            var retryAfter = RetryAfter(response);
            if (response.StatusCode == HttpStatusCode.NotModified)
                return new FetchResult
                {
                    Status = response.StatusCode, FinalUrl = finalUrl, PermanentRedirect = permanent, Etag = etag,
                    LastModified = lastModified, CacheLifetime = CacheLifetime(response),
                };
            if (!response.IsSuccessStatusCode)
                throw new FetchException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd(), response.StatusCode, retryAfter, url: finalUrl);

            byte[] body;
            try
            {
                body = await ReadLimitedAsync(response.Content, o.MaxBytes, timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new FetchException($"timed out after {o.Timeout.TotalSeconds:0} s while reading the body");
            }
            catch (HttpRequestException e)
            {
                throw new FetchException(Describe(e), inner: e);
            }
            logger.LogDebug("Fetched {Url}: {Status}, {Bytes} bytes", url, (int)response.StatusCode, body.Length);
            return new FetchResult
            {
                Status = response.StatusCode,
                Body = body,
                FinalUrl = finalUrl,
                PermanentRedirect = permanent,
                ContentType = response.Content.Headers.ContentType?.MediaType,
                Charset = response.Content.Headers.ContentType?.CharSet,
                Etag = response.Headers.ETag?.ToString(),
                LastModified = response.Content.Headers.LastModified?.ToString("R"),
                CacheLifetime = CacheLifetime(response),
                Links = response.Headers.TryGetValues("Link", out var links) ? links.ToList() : [],
            };
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Uri url, string? etag, string? lastModified,
        PollingOptions o, CancellationToken ct, CancellationToken withTimeout)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (!string.IsNullOrEmpty(etag) && EntityTagHeaderValue.TryParse(etag, out var tag))
            request.Headers.IfNoneMatch.Add(tag);
        if (!string.IsNullOrEmpty(lastModified) && DateTimeOffset.TryParse(lastModified, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
            request.Headers.IfModifiedSince = since;
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, withTimeout);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new FetchException($"timed out after {o.Timeout.TotalSeconds:0} s", url: url);
        }
        catch (HttpRequestException e)
        {
            throw new FetchException(Describe(e), inner: e, url: url);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, long maxBytes, CancellationToken ct)
    {
        var declared = content.Headers.ContentLength;
        if (declared > maxBytes)
            throw new FetchException($"body of {declared} bytes exceeds Polling:MaxBytes ({maxBytes})");
        await using var stream = await content.ReadAsStreamAsync(ct);
        // Feeds are often 20-100 KB: buffers that big live on the large-object heap, whose churn costs full GCs.
        // So: pooled buffers while reading, one exact-size copy at the end.
        // One byte more than declared, so that a body longer than announced is noticed without a regrow first.
        var initial = Math.Min(Math.Max(declared + 1 ?? 64 * 1024, 4096), Math.Min(maxBytes + 1, Array.MaxLength));
        var buffer = ArrayPool<byte>.Shared.Rent((int)initial);
        var length = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += read;
                // Content-Length can be absent or wrong (and is the compressed size): count what is really read.
                if (length > maxBytes)
                    throw new FetchException($"body exceeds Polling:MaxBytes ({maxBytes} bytes)");
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
            }
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private TimeSpan? CacheLifetime(HttpResponseMessage response)
    {
        if (response.Headers.CacheControl?.MaxAge is { } maxAge) return maxAge;
        if (response.Content.Headers.Expires is { } expires)
        {
            var left = expires - (response.Headers.Date ?? clock.GetUtcNow());
            return left > TimeSpan.Zero ? left : null;
        }
        return null;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when date > clock.GetUtcNow() => date - clock.GetUtcNow(),
        _ => null,
    };

    private static string Describe(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "host name not found",
        HttpRequestError.ConnectionError => "connection failed: " + (e.InnerException?.Message ?? e.Message),
        HttpRequestError.SecureConnectionError => "TLS handshake failed: " + (e.InnerException?.Message ?? e.Message),
        _ => e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message,
    };
}
