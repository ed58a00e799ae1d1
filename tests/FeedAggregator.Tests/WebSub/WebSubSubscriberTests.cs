using System.Collections.Concurrent;
using System.Net;
using System.Text;
using FeedAggregator.Polling;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;
using FeedAggregator.WebSub;
using Microsoft.AspNetCore.Http;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.WebSub;

/// <summary>Subscribing to a source feed's own hub (WebSub:Subscribe) through the real host: the hub on a loopback
/// server (played by the test) gets our subscription request, verifies it at our callback, and a signed push is
/// stored without a poll; an unsigned one is ignored; polling backs off to the fallback interval while pushes hold.</summary>
public sealed class WebSubSubscriberTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-2);
    private readonly TempDir _dir = new();
    private readonly ConcurrentQueue<IFormCollection> _requests = new();
    private FeedFarm _farm = null!;

    public async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        _farm.Handle("/hub", async ctx =>
        {
            _requests.Enqueue(await ctx.Request.ReadFormAsync());
            ctx.Response.StatusCode = 202;
        });
    }

    public async Task DisposeAsync()
    {
        await _farm.DisposeAsync();
        _dir.Dispose();
    }

    private string Source(params Item[] items) => Atom("Pushed News", "https://pushed.example", items)
        .Replace("<title>", $"<link rel=\"hub\" href=\"{_farm.Url("/hub")}\"/><link rel=\"self\" href=\"{_farm.Url("/src.atom")}\"/><title>");

    /// <summary>The service with WebSub:Subscribe on, following one source feed that advertises the test's hub.</summary>
    private Task<ServiceHost> StartAsync()
    {
        _farm.Serve("/src.atom", Source(new Item("p1", "Harbour bridge reopens", T0)), "application/atom+xml");
        var opml = _dir.WriteOpml((_farm.Url("/src.atom").AbsoluteUri, "Pushed News", null));
        return ServiceHost.StartAsync(_dir, opml, "--WebSub:Subscribe=true", "--WebSub:Tick=00:00:00.200",
            "--Publishing:BaseUrl=http://feeds.example", "--Polling:AllowPrivateNetworks=true");
    }

    [Fact]
    public async Task A_feed_advertising_a_hub_is_subscribed_and_a_signed_push_is_stored_without_a_poll()
    {
        await using var host = await StartAsync();

        await ServiceHost.WaitUntilAsync(() => Task.FromResult(!_requests.IsEmpty), "the subscription request to the hub", 15);
        var request = _requests.Single();
        Assert.Equal("subscribe", request["hub.mode"]);
        Assert.Equal(_farm.Url("/src.atom").AbsoluteUri, request["hub.topic"]);
        var callback = new Uri(request["hub.callback"].ToString());
        Assert.StartsWith("http://feeds.example/websub/callback/", callback.AbsoluteUri);
        var secret = request["hub.secret"].ToString();
        Assert.NotEmpty(secret);

        // Verification of intent at our callback (reached here on the test host's own address).
        var verify = $"{callback.AbsolutePath}?hub.mode=subscribe&hub.topic={Uri.EscapeDataString(request["hub.topic"]!)}&hub.challenge=c4a11e&hub.lease_seconds=3600";
        Assert.Equal("c4a11e", await host.Http.GetStringAsync(verify));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync(verify.Replace("src.atom", "other.atom"))).StatusCode);

        var polls = _farm.CountRequests("/src.atom");
        async Task<HttpStatusCode> PushAsync(string document, string? key)
        {
            var bytes = Encoding.UTF8.GetBytes(document);
            using var push = new HttpRequestMessage(HttpMethod.Post, callback.AbsolutePath) { Content = new ByteArrayContent(bytes) };
            push.Content.Headers.ContentType = new("application/atom+xml") { CharSet = "utf-8" };
            if (key is not null) push.Headers.Add("X-Hub-Signature", WebSubSignature.Sign(key, bytes));
            return (await host.Http.SendAsync(push)).StatusCode;
        }
        Assert.Equal(HttpStatusCode.Accepted, await PushAsync(Source(new Item("p9", "Forged story", T0.AddMinutes(5))), "not the secret"));
        Assert.Equal(HttpStatusCode.Accepted, await PushAsync(Source(new Item("p1", "Harbour bridge reopens", T0),
            new Item("p2", "Ferry timetable changes", T0.AddMinutes(10))), secret));

        var feed = await host.Http.GetStringAsync("/feed.atom");
        Assert.Contains("Ferry timetable changes", feed);
        Assert.DoesNotContain("Forged story", feed);
        Assert.Equal(polls, _farm.CountRequests("/src.atom"));

        // While the lease holds and pushes come, polling is only the fallback.
        await host.Get<Poller>().PollAsync(all: true, default);
        var stored = (await host.Get<FeedStore>().ListAsync(default)).Single();
        Assert.Equal("pushed by its WebSub hub; polled as a fallback", stored.IntervalReason);
    }

    [Fact]
    public async Task A_short_lease_the_hub_grants_is_renewed_before_it_ends_and_once_it_lapses_polling_is_back_to_normal_and_the_subscription_is_asked_again()
    {
        await using var host = await StartAsync();
        await ServiceHost.WaitUntilAsync(() => Task.FromResult(!_requests.IsEmpty), "the subscription request to the hub", 15);
        var first = _requests.Single();
        // We ask for a week; this hub grants three seconds.
        Assert.Equal("604800", first["hub.lease_seconds"]);
        var callback = new Uri(first["hub.callback"].ToString());
        var verify = $"{callback.AbsolutePath}?hub.mode=subscribe&hub.topic={Uri.EscapeDataString(first["hub.topic"]!)}&hub.challenge=a1&hub.lease_seconds=3";
        Assert.Equal("a1", await host.Http.GetStringAsync(verify));
        var verifiedAt = DateTime.UtcNow;
        await host.Get<Poller>().PollAsync(all: true, default);
        Assert.Equal("pushed by its WebSub hub; polled as a fallback", (await host.Get<FeedStore>().ListAsync(default)).Single().IntervalReason);

        // The renewal goes out with a tenth of the granted lease left, not a tenth of the week asked for.
        await ServiceHost.WaitUntilAsync(() => Task.FromResult(_requests.Count >= 2), "the renewal request", 10);
        Assert.True(DateTime.UtcNow - verifiedAt >= TimeSpan.FromSeconds(2), "renewed long before a tenth of the lease was left");
        Assert.Equal(callback.AbsoluteUri, _requests.ElementAt(1)["hub.callback"]);

        // This renewal is never verified: the lease lapses, the feed is polled at its normal interval again, and the
        // subscription is asked for again rather than given up.
        await ServiceHost.WaitUntilAsync(() => Task.FromResult(DateTime.UtcNow - verifiedAt > TimeSpan.FromSeconds(3.5)), "the end of the lease", 10);
        await host.Get<Poller>().PollAsync(all: true, default);
        Assert.NotEqual("pushed by its WebSub hub; polled as a fallback", (await host.Get<FeedStore>().ListAsync(default)).Single().IntervalReason);
        var count = _requests.Count;
        await ServiceHost.WaitUntilAsync(() => Task.FromResult(_requests.Count > count), "a new subscription request after the lapse", 10);
    }

    [Fact]
    public async Task A_hub_announced_only_in_the_feeds_Link_headers_is_subscribed_with_the_topic_they_name()
    {
        var topic = _farm.Url("/topic.atom").AbsoluteUri;
        _farm.Handle("/src.atom", async ctx =>
        {
            ctx.Response.ContentType = "application/atom+xml";
            // Two links in one header, the hub relative to the feed's address.
            ctx.Response.Headers.Link = $"<{topic}>; rel=\"self\", </hub>; rel=\"hub\"";
            await ctx.Response.WriteAsync(Atom("Pushed News", "https://pushed.example", new Item("p1", "Harbour bridge reopens", T0)));
        });
        var opml = _dir.WriteOpml((_farm.Url("/src.atom").AbsoluteUri, "Pushed News", null));
        await using var host = await ServiceHost.StartAsync(_dir, opml, "--WebSub:Subscribe=true", "--WebSub:Tick=00:00:00.200",
            "--Publishing:BaseUrl=http://feeds.example");

        await ServiceHost.WaitUntilAsync(() => Task.FromResult(!_requests.IsEmpty), "the subscription request to the hub", 15);
        Assert.Equal(topic, _requests.Single()["hub.topic"]);
    }

    [Theory]
    [InlineData("--WebSub:Subscribe=false", "--Publishing:BaseUrl=http://feeds.example")]
    [InlineData("--WebSub:Subscribe=true", "--Publishing:BaseUrl=")]
    public async Task Without_WebSub_Subscribe_or_an_address_hubs_can_reach_a_feed_advertising_a_hub_is_only_polled(string subscribe, string baseUrl)
    {
        _farm.Serve("/src.atom", Source(new Item("p1", "Harbour bridge reopens", T0)), "application/atom+xml");
        var opml = _dir.WriteOpml((_farm.Url("/src.atom").AbsoluteUri, "Pushed News", null));
        await using var host = await ServiceHost.StartAsync(_dir, opml, subscribe, baseUrl, "--WebSub:Tick=00:00:00.200");
        await ServiceHost.WaitUntilAsync(async () => (await host.Get<FeedStore>().ListAsync(default)).All(f => f.LastSuccessAt is not null), "first poll");

        var feed = (await host.Get<FeedStore>().ListAsync(default)).Single();
        Assert.Null(await host.Get<SourceSubscriptionStore>().FindAsync(feed.Id, default));
        await Task.Delay(1000);
        Assert.Empty(_requests);
    }
}
