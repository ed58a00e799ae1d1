using System.Net.Http.Headers;
using System.Security.Cryptography;
using FeedAggregator.Endpoints;
using FeedAggregator.Fetch;
using FeedAggregator.Polling;
using FeedAggregator.Publish;
using FeedAggregator.Store;
using Microsoft.Extensions.Options;

namespace FeedAggregator.WebSub;

/// <summary>The hub's outgoing side, run every WebSub:Tick: verifies the intent of pending (un)subscriptions (§5.3),
/// drops expired leases, and pushes each topic to its subscribers when its content changed (§7), signed with
/// X-Hub-Signature (HMAC-SHA256) when the subscriber gave a secret, retried with doubling waits. What each subscriber
/// has is stored (content_hash), so a restart neither loses nor repeats a delivery.</summary>
public sealed class WebSubDistributor(WebSubStore store, DataVersionStore versions, MergedFeedOutput output, IHttpClientFactory clients,
    IOptions<WebSubOptions> options, IOptions<PollingOptions> polling, TimeProvider clock,
    ILogger<WebSubDistributor> logger)
{
    private readonly Dictionary<string, (long Version, Rendered? Content)> _rendered = new(StringComparer.Ordinal);

    private sealed record Rendered(byte[] Body, string ContentType, string Hash);

    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await store.ExpireAsync(now, ct) is var expired and > 0) logger.LogInformation("WebSub: {Count} leases expired", expired);
        var due = await store.DueAsync(now, ct);
        if (due.Count == 0) return;
        var version = (await versions.ReadAsync(ct)).Articles;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (s, token) =>
        {
            var content = await RenderAsync(s.Topic, version, token);
            if (s.VerifyMode is not null) await VerifyAsync(s, content, token);
            else if (content is not null && content.Hash != s.ContentHash) await DeliverAsync(s, content, token);
        });
    }

    private async Task<Rendered?> RenderAsync(string topic, long version, CancellationToken ct)
    {
        lock (_rendered)
            if (_rendered.TryGetValue(topic, out var cached) && cached.Version == version) return cached.Content;
        var result = await output.RenderTopicAsync(new Uri(topic), ct);
        var rendered = result is { } r ? new Rendered(r.Body, r.ContentType, Convert.ToHexStringLower(SHA256.HashData(r.Body))) : null;
        lock (_rendered) _rendered[topic] = (version, rendered);
        return rendered;
    }

    private async Task VerifyAsync(HubSubscription s, Rendered? content, CancellationToken ct)
    {
        var challenge = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var query = $"hub.mode={s.VerifyMode}&hub.topic={Uri.EscapeDataString(s.Topic)}&hub.challenge={challenge}"
            + (s.VerifyMode == "subscribe" ? $"&hub.lease_seconds={s.VerifyLease}" : "");
        var url = new Uri(s.Callback + (s.Callback.Contains('?') ? "&" : "?") + query);
        string? error = null;
        if (content is null && s.VerifyMode == "subscribe") error = "the topic no longer exists (unknown category or feed)";
        else
        {
            try
            {
                using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, url), ct);
                var body = await ReadSmallAsync(response, ct);
                if (!response.IsSuccessStatusCode) error = $"verification of intent: the callback answered HTTP {(int)response.StatusCode}";
                else if (body.Trim() != challenge) error = "verification of intent: the callback did not echo hub.challenge";
            }
            catch (Exception e) when (e is HttpRequestException or FetchException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                error = $"verification of intent: {Describe(e)}";
            }
        }
        if (error is not null)
        {
            logger.LogInformation("WebSub {Mode} of {Callback} to {Topic} not verified: {Error}", s.VerifyMode, s.Callback, s.Topic, error);
            await store.VerificationFailedAsync(s, error, ct);
            return;
        }
        await store.VerifiedAsync(s, content?.Hash, clock.GetUtcNow(), ct);
        logger.LogInformation("WebSub {Mode} of {Callback} to {Topic} verified", s.VerifyMode, s.Callback, s.Topic);
    }

    private async Task DeliverAsync(HubSubscription s, Rendered content, CancellationToken ct)
    {
        string? error;
        try
        {
            var request = new HttpRequestMessage(HttpMethod.Post, s.Callback) { Content = new ByteArrayContent(content.Body) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(content.ContentType);
            var baseUrl = s.Topic[..s.Topic.IndexOf('/', s.Topic.IndexOf("//", StringComparison.Ordinal) + 2)];
            request.Headers.TryAddWithoutValidation("Link", $"<{baseUrl}{WebSubEndpoints.HubPath}>; rel=\"hub\", <{s.Topic}>; rel=\"self\"");
            if (s.Secret is not null) request.Headers.TryAddWithoutValidation("X-Hub-Signature", WebSubSignature.Sign(s.Secret, content.Body));
            using var response = await SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                await store.DeliveredAsync(s.Id, content.Hash, clock.GetUtcNow(), ct);
                logger.LogInformation("WebSub: pushed {Topic} to {Callback}", s.Topic, s.Callback);
                return;
            }
            error = $"delivery: the callback answered HTTP {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or FetchException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            error = $"delivery: {Describe(e)}";
        }
        var attempts = s.Attempts + 1;
        DateTimeOffset? retry = attempts < options.Value.MaxAttempts ? clock.GetUtcNow() + options.Value.RetryBackoff * Math.Pow(2, attempts - 1) : null;
        logger.LogWarning("WebSub push of {Topic} to {Callback} failed ({Attempts} in a row): {Error}; {Next}", s.Topic, s.Callback, attempts, error,
            retry is null ? "this content is skipped for it" : $"retrying at {retry:HH:mm:ss}");
        await store.DeliveryFailedAsync(s.Id, content.Hash, error, retry, ct);
    }

    /// <summary>Through the feeds' HTTP client (its outbound-address guard, no redirects followed), within Polling:Timeout.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(polling.Value.Timeout);
            return await clients.CreateClient(FeedFetcher.ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
    }

    private static async Task<string> ReadSmallAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[4096];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), ct)) > 0) length += read;
        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static string Describe(Exception e) => e is OperationCanceledException ? "timed out" : e.InnerException?.Message ?? e.Message;
}
