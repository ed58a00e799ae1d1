using System.Collections.Concurrent;
using System.Net;
using System.Xml.Linq;
using FeedAggregator.Polling;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;
using FeedAggregator.WebSub;
using Microsoft.AspNetCore.Http;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.WebSub;

/// <summary>The WebSub hub through the real host, with a subscriber of our own on a loopback server: discovery links,
/// verification of intent, a signed push of the merged feed within seconds of a poll storing a new story (also after
/// a restart), and silence after unsubscribing.</summary>
public sealed class WebSubHubTests : IAsyncLifetime
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-2);
    private const string Secret = "correct horse battery staple";
    private readonly TempDir _dir = new();
    private readonly ConcurrentQueue<IQueryCollection> _verifications = new();
    private readonly ConcurrentQueue<(byte[] Body, string? Signature, string? ContentType, string Link)> _pushes = new();
    private FeedFarm _farm = null!;
    private string _opml = "";

    public async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        _farm.Serve("/news.rss", Rss("News", "https://news.example", new Item("n1", "Harbour bridge reopens", T0)));
        // The subscriber: echoes the challenge (verification of intent), records what is pushed.
        _farm.Handle("/subscriber", async ctx =>
        {
            if (HttpMethods.IsGet(ctx.Request.Method))
            {
                _verifications.Enqueue(ctx.Request.Query);
                await ctx.Response.WriteAsync(ctx.Request.Query["hub.challenge"].ToString());
                return;
            }
            using var body = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(body);
            _pushes.Enqueue((body.ToArray(), ctx.Request.Headers["X-Hub-Signature"].FirstOrDefault(), ctx.Request.ContentType, ctx.Request.Headers.Link.ToString()));
        });
        _opml = _dir.WriteOpml((_farm.Url("/news.rss").AbsoluteUri, "News", "News"));
    }

    public async Task DisposeAsync()
    {
        await _farm.DisposeAsync();
        _dir.Dispose();
    }

    private Task<ServiceHost> StartAsync() => ServiceHost.StartAsync(_dir, _opml, "--WebSub:Tick=00:00:00.200", "--WebSub:MaxSubscriptions=1",
        "--Polling:AllowPrivateNetworks=true",
        // A stable public address (the test host's port changes at the restart); the hub renders topics itself, never fetches them.
        "--Publishing:BaseUrl=http://feeds.example");

    private static Task<HttpResponseMessage> HubAsync(ServiceHost host, string mode, string topic, string callback, string? secret = null) =>
        host.Http.PostAsync("/websub", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["hub.mode"] = mode, ["hub.topic"] = topic, ["hub.callback"] = callback, ["hub.lease_seconds"] = "600",
            ["hub.secret"] = secret ?? "",
        }));

    private async Task PublishAsync(ServiceHost host, params Item[] items)
    {
        _farm.Serve("/news.rss", Rss("News", "https://news.example", items));
        await host.Get<Poller>().PollAsync(all: true, default);
    }

    [Fact]
    public async Task A_verified_subscriber_gets_the_signed_merged_feed_after_a_poll_even_after_a_restart_and_nothing_after_unsubscribing()
    {
        var host = await StartAsync();
        try
        {
            await ServiceHost.WaitUntilAsync(async () => (await host.Get<FeedStore>().ListAsync(default)).All(f => f.LastSuccessAt is not null), "first poll");
            const string topic = "http://feeds.example/feed.atom";
            const string hub = "http://feeds.example/websub";

            // Discovery: in the document and in the HTTP headers.
            var response = await host.Http.GetAsync("/feed.atom");
            var links = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Elements(Atom + "link").ToList();
            Assert.Contains(links, l => (string?)l.Attribute("rel") == "hub" && (string?)l.Attribute("href") == hub);
            Assert.Contains(links, l => (string?)l.Attribute("rel") == "self" && (string?)l.Attribute("href") == topic);
            Assert.Contains($"<{hub}>; rel=\"hub\"", response.Headers.GetValues("Link").Single());
            Assert.Contains($"<{topic}?category=News>; rel=\"self\"", (await host.Http.GetAsync("/feed.rss?category=News")).Headers.GetValues("Link").Single()
                .Replace("/feed.rss", "/feed.atom"));
            Assert.Contains("\"hubs\"", await host.Http.GetStringAsync("/feed.json"));

            var callback = _farm.Url("/subscriber").AbsoluteUri;
            var subscribe = await HubAsync(host, "subscribe", topic, callback, Secret);
            Assert.True(subscribe.StatusCode == HttpStatusCode.Accepted, await subscribe.Content.ReadAsStringAsync());
            await ServiceHost.WaitUntilAsync(() => Task.FromResult(!_verifications.IsEmpty), "verification of intent", 10);
            var verification = _verifications.Single();
            Assert.Equal("subscribe", verification["hub.mode"]);
            Assert.Equal(topic, verification["hub.topic"]);
            Assert.Equal("600", verification["hub.lease_seconds"]);
            // Verified, the subscriber has the current content: nothing is pushed until it changes.
            await Task.Delay(600);
            Assert.Empty(_pushes);

            // The hub is capped, and refuses what is not one of its feeds or not an http(s) callback.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await HubAsync(host, "subscribe", topic + "?category=News", callback)).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await HubAsync(host, "subscribe", "https://elsewhere.example/feed.atom", callback)).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await HubAsync(host, "subscribe", topic, "ftp://127.0.0.1/cb")).StatusCode);

            // The subscription is in the database: a restarted service still pushes to it.
            await host.DisposeAsync();
            host = await StartAsync();
            await PublishAsync(host, new Item("n1", "Harbour bridge reopens", T0), new Item("n2", "Council approves the budget", T0.AddMinutes(30)));
            await ServiceHost.WaitUntilAsync(() => Task.FromResult(!_pushes.IsEmpty), "the push after the poll", 10);
            var push = _pushes.Single();
            Assert.Contains("Council approves the budget", System.Text.Encoding.UTF8.GetString(push.Body));
            Assert.StartsWith("application/atom+xml", push.ContentType);
            Assert.True(WebSubSignature.Verify(Secret, push.Body, push.Signature), push.Signature);
            Assert.False(WebSubSignature.Verify("another secret", push.Body, push.Signature));
            Assert.Equal($"<{hub}>; rel=\"hub\", <{topic}>; rel=\"self\"", push.Link);

            Assert.Equal(HttpStatusCode.Accepted, (await HubAsync(host, "unsubscribe", topic, callback)).StatusCode);
            await ServiceHost.WaitUntilAsync(() => Task.FromResult(_verifications.Count == 2), "verification of the unsubscription", 10);
            Assert.Equal("unsubscribe", _verifications.Last()["hub.mode"]);
            await Task.Delay(600);
            await PublishAsync(host, new Item("n3", "Ferry timetable changes", T0.AddMinutes(40)));
            await Task.Delay(1500);
            Assert.Single(_pushes);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
