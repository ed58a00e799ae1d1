using FeedAggregator.Endpoints;
using FeedAggregator.Fetch;
using FeedAggregator.Parse;
using FeedAggregator.Polling;
using FeedAggregator.Store;
using Microsoft.Extensions.Options;

namespace FeedAggregator.WebSub;

/// <summary>Our side of source feeds' hubs (WebSub:Subscribe): subscription requests and renewals (from the WebSub
/// job), the hub's verification of intent, and pushed content, which is stored through the same parse → store path
/// as a poll. Callback: /websub/callback/{token}, one unguessable token per subscription.</summary>
public sealed class WebSubSubscriber(SourceSubscriptionStore store, FeedStore feeds, FeedRefresher refresher, WebSubPolling polling,
    IHttpClientFactory clients, IOptions<WebSubOptions> options, IOptions<PollingOptions> pollingOptions, TimeProvider clock,
    ILogger<WebSubSubscriber> logger)
{
    /// <summary>Sends the subscription requests that are due (new, unverified for a while, a tenth of the granted lease left, or lapsed).</summary>
    public async Task RenewAsync(CancellationToken ct)
    {
        if (polling.CallbackBase() is not { } callbackBase) return;
        foreach (var s in await store.DueAsync(clock.GetUtcNow(), TimeSpan.FromMinutes(5), options.Value.SubscribeLeaseSeconds, ct))
        {
            string? error = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, s.Hub)
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["hub.mode"] = "subscribe", ["hub.topic"] = s.Topic, ["hub.callback"] = callbackBase + s.Token,
                        ["hub.secret"] = s.Secret, ["hub.lease_seconds"] = options.Value.SubscribeLeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    }),
                };
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(pollingOptions.Value.Timeout);
                using var response = await clients.CreateClient(FeedFetcher.ClientName).SendAsync(request, timeout.Token);
                if (!response.IsSuccessStatusCode) error = $"the hub {s.Hub} answered HTTP {(int)response.StatusCode} to the subscription request";
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                error = $"subscription request to {s.Hub}: {(e is OperationCanceledException ? "timed out" : e.Message)}";
            }
            if (error is not null) logger.LogWarning("WebSub: {Error}", error);
            await store.RequestedAsync(s.FeedId, clock.GetUtcNow(), error, ct);
        }
    }

    /// <summary>The hub's GET: the challenge to echo, or null (404) when the request is not one we made.</summary>
    public async Task<string?> VerifyAsync(string token, string mode, string topic, string challenge, int? leaseSeconds, string? reason, CancellationToken ct)
    {
        if (await store.FindAsync(token, ct) is not { } s) return null;
        switch (mode)
        {
            case "subscribe" when topic == s.Topic && challenge.Length > 0 && polling.CallbackBase() is not null:
                await store.VerifiedAsync(s.FeedId, clock.GetUtcNow(), leaseSeconds is > 0 ? leaseSeconds.Value : options.Value.SubscribeLeaseSeconds, ct);
                logger.LogInformation("WebSub: subscribed to {Topic} at {Hub}", s.Topic, s.Hub);
                return challenge;
            case "denied":
                await store.DeniedAsync(s.FeedId, $"the hub denied the subscription: {reason ?? "no reason given"}", ct);
                return "";
            default:
                return null;   // an unsubscribe we did not ask for, or another topic
        }
    }

    /// <summary>A push: stored when its X-Hub-Signature matches our secret; false (ignored, as §8 asks) when it does not.</summary>
    public async Task<bool> ReceiveAsync(string token, byte[] body, string? charset, string? signature, CancellationToken ct)
    {
        if (await store.FindAsync(token, ct) is not { } s || await feeds.FindAsync(s.FeedId, ct) is not { Enabled: true } feed) return false;
        if (!WebSubSignature.Verify(s.Secret, body, signature))
        {
            logger.LogWarning("WebSub: a push for {Topic} without a valid X-Hub-Signature was ignored", s.Topic);
            return false;
        }
        try
        {
            await refresher.StorePushedAsync(feed, body, charset, ct);
        }
        catch (FeedParseException e)
        {
            logger.LogWarning("WebSub: pushed content for {FeedUrl} not stored: {Error}", feed.Url, e.Message);
            return false;
        }
        await store.PushedAsync(s.FeedId, clock.GetUtcNow(), ct);
        return true;
    }
}
