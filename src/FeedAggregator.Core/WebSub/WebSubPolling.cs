using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using FeedAggregator.Feeds;
using FeedAggregator.Fetch;
using FeedAggregator.Polling;
using FeedAggregator.Publish;
using FeedAggregator.Store;
using Microsoft.Extensions.Options;

namespace FeedAggregator.WebSub;

/// <summary>What polling asks of WebSub (with WebSub:Subscribe): notes the hub a fetched feed advertises (the
/// subscription request itself goes out from the WebSub job), and while the hub's lease holds and pushes keep
/// coming, polls that feed only every Polling:MaxInterval as a safety net; once the lease lapses or pushes stop for
/// that long, the feed's normal interval is back.</summary>
public sealed class WebSubPolling(SourceSubscriptionStore store, IOptions<WebSubOptions> options, IOptions<PublishingOptions> publishing,
    IOptions<PollingOptions> polling, TimeProvider clock)
{
    public const string CallbackPath = "/websub/callback/";

    /// <summary>Where hubs reach us: Publishing:BaseUrl + /websub/callback/, when subscribing is on and that address is public
    /// (a private or loopback one only with Polling:AllowPrivateNetworks); otherwise null.</summary>
    public string? CallbackBase()
    {
        if (!options.Value.Subscribe || !Uri.TryCreate(publishing.Value.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            return null;
        if (!options.Value.AllowPrivateNetworks && IsPrivate(baseUrl)) return null;
        return baseUrl.AbsoluteUri.TrimEnd('/') + CallbackPath;
    }

    private static bool IsPrivate(Uri u)
    {
        if (u.IsLoopback || u.Host.EndsWith(".local", StringComparison.OrdinalIgnoreCase) || !u.Host.Contains('.')) return true;
        if (!IPAddress.TryParse(u.Host, out var ip)) return false;
        if (ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6UniqueLocal) return true;
        if (ip.AddressFamily != AddressFamily.InterNetwork) return false;
        var b = ip.GetAddressBytes();
        return b[0] is 10 or 127 || (b[0] == 172 && b[1] is >= 16 and < 32) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254);
    }

    /// <summary>After a fetch: a hub the response advertises (Link headers, or the document) becomes a subscription to
    /// request (once per hub and topic).</summary>
    public async Task ObserveAsync(Feed feed, string feedUrl, FetchResult fetched, CancellationToken ct)
    {
        if (CallbackBase() is null) return;
        var (hub, self) = HubLinks.Find(fetched.Links, fetched.FinalUrl, fetched.Body);
        if (hub is null) return;
        var topic = (self ?? new Uri(feedUrl)).AbsoluteUri;
        if (await store.FindAsync(feed.Id, ct) is { } known && known.Hub == hub.AbsoluteUri && known.Topic == topic) return;
        await store.SaveAsync(feed.Id, hub.AbsoluteUri, topic, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)), ct);
    }

    /// <summary>The next poll of a feed its hub pushes: Polling:MaxInterval away while the lease holds and a push came
    /// within that long (or the lease is that fresh); else <paramref name="plan"/> unchanged.</summary>
    public async Task<PollPlan> StretchAsync(long feedId, PollPlan plan, CancellationToken ct)
    {
        if (CallbackBase() is null || await store.FindAsync(feedId, ct) is not { LeaseExpiresAt: { } expires } sub) return plan;
        var now = clock.GetUtcNow();
        var max = polling.Value.MaxInterval;
        var lastSign = UnixTime.FromMs(Math.Max(sub.LastPushAt ?? 0, sub.RequestedAt));
        if (UnixTime.FromMs(expires) <= now || now - lastSign > max || plan.Interval >= max) return plan;
        var next = Min(now + max, UnixTime.FromMs(expires));
        return new PollPlan(next, next - now, "pushed by its WebSub hub; polled as a fallback");
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
