using System.Threading.RateLimiting;
using FeedAggregator.Endpoints;
using FeedAggregator.Polling;
using FeedAggregator.Publish;
using FeedAggregator.Store;
using FeedAggregator.WebSub;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Endpoints;

/// <summary>POST /websub: the hub of the merged feeds (W3C WebSub §5). A request is checked and stored, answered
/// 202 Accepted, and its intent verified by <see cref="WebSubDistributor"/> with a GET to the callback. Callbacks
/// are strangers' addresses: http(s) only, requests rate-limited per callback host (WebSub:PerHostRequestsPerMinute),
/// subscriptions capped (WebSub:MaxSubscriptions), and every outgoing request goes through the feeds' HTTP client
/// and its outbound-address guard.</summary>
public static class WebSubEndpoints
{
    public const string HubPath = "/websub";

    public static IEndpointRouteBuilder MapWebSubEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(HubPath, HandleAsync).DisableAntiforgery();
        app.MapGet(WebSubPolling.CallbackPath + "{token}", async (string token, HttpContext ctx, WebSubSubscriber subscriber, CancellationToken ct) =>
        {
            var q = ctx.Request.Query;
            var echo = await subscriber.VerifyAsync(token, q["hub.mode"].ToString(), q["hub.topic"].ToString(), q["hub.challenge"].ToString(),
                int.TryParse(q["hub.lease_seconds"], out var lease) ? lease : null, q["hub.reason"].FirstOrDefault(), ct);
            return echo is null ? Results.NotFound() : Results.Text(echo, "text/plain; charset=utf-8");
        });
        app.MapPost(WebSubPolling.CallbackPath + "{token}", async (string token, HttpContext ctx, WebSubSubscriber subscriber, IOptions<PollingOptions> polling,
            CancellationToken ct) =>
        {
            using var body = new MemoryStream();
            var limit = polling.Value.MaxBytes;
            var buffer = new byte[81920];
            int read;
            while ((read = await ctx.Request.Body.ReadAsync(buffer, ct)) > 0)
            {
                if (body.Length + read > limit) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
                body.Write(buffer, 0, read);
            }
            var charset = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(ctx.Request.ContentType, out var type) ? type.Charset.Value : null;
            // 2xx whatever happens to the content (§7): a hub retries only deliveries that did not arrive.
            await subscriber.ReceiveAsync(token, body.ToArray(), charset, ctx.Request.Headers["X-Hub-Signature"].FirstOrDefault(), ct);
            return Results.Accepted();
        }).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext ctx, WebSubStore store, HubRequestLimiter limiter, IOptions<WebSubOptions> options,
        IOptions<PublishingOptions> publishing, TimeProvider clock, CancellationToken ct)
    {
        if (!ctx.Request.HasFormContentType) return Bad("a hub request is a form (application/x-www-form-urlencoded)");
        var form = await ctx.Request.ReadFormAsync(ct);
        var o = options.Value;
        var mode = form["hub.mode"].ToString();
        if (mode is not ("subscribe" or "unsubscribe")) return Bad("hub.mode must be subscribe or unsubscribe");
        if (!Uri.TryCreate(form["hub.callback"].ToString(), UriKind.Absolute, out var callback) || callback.Scheme is not ("http" or "https")
            || callback.Fragment.Length > 0)
            return Bad("hub.callback must be an absolute http(s) URL without a fragment");
        if (!IsTopic(form["hub.topic"].ToString(), FeedEndpoints.PublicBase(ctx, publishing.Value), out var topic))
            return Bad($"hub.topic is not a feed of this hub: give the rel=\"self\" address of {string.Join(", ", FeedEndpoints.Formats.Keys)} (with ?category= or ?feed= if wanted)");
        var secret = form["hub.secret"].ToString();
        if (System.Text.Encoding.UTF8.GetByteCount(secret) >= 200) return Bad("hub.secret must be shorter than 200 bytes");
        var lease = int.TryParse(form["hub.lease_seconds"], out var asked) ? Math.Clamp(asked, o.MinLeaseSeconds, o.MaxLeaseSeconds) : o.DefaultLeaseSeconds;

        using var permit = limiter.Acquire(callback.Host);
        if (!permit.IsAcquired)
        {
            ctx.Response.Headers.RetryAfter = "60";
            return Results.Text($"too many requests for callbacks on {callback.Host}; try again in a minute\n", statusCode: StatusCodes.Status429TooManyRequests);
        }
        if (!await store.RequestAsync(mode, topic, callback.AbsoluteUri, secret.Length > 0 ? secret : null, lease, o.MaxSubscriptions, clock.GetUtcNow(), ct))
            return Results.Text($"this hub is full ({o.MaxSubscriptions} subscriptions, WebSub:MaxSubscriptions)\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        // Accepted; the intent is verified asynchronously (§5.3).
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    /// <summary>A merged feed of this service, first page: one of the feed paths under the public base, with only ?category= / ?feed=.</summary>
    internal static bool IsTopic(string value, string baseUrl, out string topic)
    {
        topic = value;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")) return false;
        var path = u.GetLeftPart(UriPartial.Path);
        if (!FeedEndpoints.Formats.Keys.Any(p => string.Equals(path, baseUrl + p, StringComparison.OrdinalIgnoreCase))) return false;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(u.Query);
        if (query.Keys.Any(k => k is not ("category" or "feed"))) return false;
        topic = u.AbsoluteUri;
        return true;
    }

    private static IResult Bad(string message) => Results.Text(message + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
}

/// <summary>Hub requests per callback host per minute (System.Threading.RateLimiting's fixed windows, one per host).</summary>
public sealed class HubRequestLimiter(IOptions<WebSubOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(host =>
        RateLimitPartition.GetFixedWindowLimiter(host.ToLowerInvariant(), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.PerHostRequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
        }));

    public RateLimitLease Acquire(string host) => _limiter.AttemptAcquire(host);

    public void Dispose() => _limiter.Dispose();
}
