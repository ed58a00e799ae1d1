using System.Collections.Concurrent;
using System.Net;
using Dapper;
using FeedAggregator.Polling;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.WebSub;

/// <summary>The hub's manners towards the strangers' addresses it calls, through the real host and loopback
/// subscribers: the outbound-address guard, the per-callback-host rate limit, retries with doubling waits, and leases
/// that end unless renewed.</summary>
public sealed class WebSubHubLimitsTests : IAsyncLifetime
{
    private const string Topic = "http://feeds.example/feed.atom";
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-2);
    private readonly TempDir _dir = new();
    private readonly ConcurrentQueue<(string Path, string Method, DateTime At, IQueryCollection Query)> _calls = new();
    private FeedFarm _farm = null!;
    private string _opml = "";

    public async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        _farm.Serve("/news.rss", Rss("News", "https://news.example", new Item("n1", "Harbour bridge reopens", T0)));
        _opml = _dir.WriteOpml((_farm.Url("/news.rss").AbsoluteUri, "News", null));
    }

    public async Task DisposeAsync()
    {
        await _farm.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>A subscriber at <paramref name="path"/> that echoes challenges and answers pushes with what <paramref name="pushStatus"/> says.</summary>
    private string Subscriber(string path, Func<int, int>? pushStatus = null)
    {
        var pushes = 0;
        _farm.Handle(path, async ctx =>
        {
            _calls.Enqueue((path, ctx.Request.Method, DateTime.UtcNow, ctx.Request.Query));
            if (HttpMethods.IsGet(ctx.Request.Method)) await ctx.Response.WriteAsync(ctx.Request.Query["hub.challenge"].ToString());
            else ctx.Response.StatusCode = pushStatus?.Invoke(Interlocked.Increment(ref pushes)) ?? 200;
        });
        return _farm.Url(path).AbsoluteUri;
    }

    private List<(string Path, string Method, DateTime At, IQueryCollection Query)> Calls(string path, string method) =>
        _calls.Where(c => c.Path == path && c.Method == method).ToList();

    private Task<ServiceHost> StartAsync(params string[] settings) =>
        ServiceHost.StartAsync(_dir, _opml, ["--WebSub:Tick=00:00:00.200", "--Publishing:BaseUrl=http://feeds.example", .. settings]);

    private static Task<HttpResponseMessage> HubAsync(ServiceHost host, string callback, int lease = 600) =>
        host.Http.PostAsync("/websub", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["hub.mode"] = "subscribe", ["hub.topic"] = Topic, ["hub.callback"] = callback, ["hub.lease_seconds"] = lease.ToString(),
        }));

    private static async Task<long> SubscriptionsAsync(ServiceHost host)
    {
        await using var c = await host.Get<Database>().OpenAsync(default);
        return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM websub_subscriptions");
    }

    private async Task PublishAsync(ServiceHost host, params Item[] items)
    {
        _farm.Serve("/news.rss", Rss("News", "https://news.example", items));
        await host.Get<Poller>().PollAsync(all: true, default);
    }

    [Fact]
    public async Task With_the_address_guard_on_a_loopback_callback_is_never_called_and_its_request_is_dropped()
    {
        await using var host = await StartAsync("--Polling:AllowPrivateNetworks=false");
        var callback = Subscriber("/subscriber");

        Assert.Equal(HttpStatusCode.Accepted, (await HubAsync(host, callback)).StatusCode);
        Assert.Equal(1, await SubscriptionsAsync(host));
        await ServiceHost.WaitUntilAsync(async () => await SubscriptionsAsync(host) == 0, "the unverified request to be dropped", 10);
        Assert.Empty(_calls);
    }

    [Fact]
    public async Task Hub_requests_are_limited_per_callback_host_and_other_hosts_are_still_served()
    {
        await using var host = await StartAsync("--WebSub:PerHostRequestsPerMinute=2");
        Subscriber("/a");
        Assert.Equal(HttpStatusCode.Accepted, (await HubAsync(host, _farm.Url("/a").AbsoluteUri)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await HubAsync(host, _farm.Url("/b").AbsoluteUri)).StatusCode);
        var third = await HubAsync(host, _farm.Url("/c").AbsoluteUri);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("60", third.Headers.GetValues("Retry-After").Single());
        Assert.Contains($"too many requests for callbacks on {_farm.BaseUrl.Host}", await third.Content.ReadAsStringAsync());
        // The same server under another name is another callback host.
        var other = new UriBuilder(_farm.Url("/a")) { Host = "localhost" }.Uri.AbsoluteUri;
        Assert.Equal(HttpStatusCode.Accepted, (await HubAsync(host, other)).StatusCode);
    }

    [Fact]
    public async Task A_failed_push_is_retried_with_doubling_waits_until_the_subscriber_takes_it()
    {
        await using var host = await StartAsync("--WebSub:RetryBackoff=00:00:01", "--WebSub:MaxAttempts=5");
        await ServiceHost.WaitUntilAsync(async () => (await host.Get<FeedStore>().ListAsync(default)).All(f => f.LastSuccessAt is not null), "first poll");
        var callback = Subscriber("/flaky", push => push <= 2 ? 503 : 200);
        Assert.Equal(HttpStatusCode.Accepted, (await HubAsync(host, callback)).StatusCode);
        await ServiceHost.WaitUntilAsync(() => Task.FromResult(Calls("/flaky", "GET").Count == 1), "verification of intent", 10);

        await PublishAsync(host, new Item("n1", "Harbour bridge reopens", T0), new Item("n2", "Council approves the budget", T0.AddMinutes(30)));
        await ServiceHost.WaitUntilAsync(() => Task.FromResult(Calls("/flaky", "POST").Count == 3), "the third delivery attempt", 20);
        var pushes = Calls("/flaky", "POST");
        Assert.True(pushes[1].At - pushes[0].At >= TimeSpan.FromSeconds(0.9), $"first retry after {pushes[1].At - pushes[0].At}");
        Assert.True(pushes[2].At - pushes[1].At >= TimeSpan.FromSeconds(1.9), $"second retry after {pushes[2].At - pushes[1].At}");
        // Delivered: nothing more until the content changes again.
        await Task.Delay(1500);
        Assert.Equal(3, Calls("/flaky", "POST").Count);
    }

    [Fact]
    public async Task A_lease_ends_unless_the_subscriber_renews_it_and_a_renewal_is_verified_again()
    {
        await using var host = await StartAsync("--WebSub:MinLeaseSeconds=1");
        await ServiceHost.WaitUntilAsync(async () => (await host.Get<FeedStore>().ListAsync(default)).All(f => f.LastSuccessAt is not null), "first poll");
        var kept = Subscriber("/kept");
        var lapsed = Subscriber("/lapsed");
        var start = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.Accepted, (await HubAsync(host, kept, lease: 2)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await HubAsync(host, lapsed, lease: 2)).StatusCode);
        await ServiceHost.WaitUntilAsync(() => Task.FromResult(Calls("/kept", "GET").Count == 1 && Calls("/lapsed", "GET").Count == 1), "both verifications", 10);
        Assert.Equal("2", Calls("/kept", "GET")[0].Query["hub.lease_seconds"]);

        // Renewal is subscribing again: verified again, with the new lease.
        Assert.Equal(HttpStatusCode.Accepted, (await HubAsync(host, kept, lease: 60)).StatusCode);
        await ServiceHost.WaitUntilAsync(() => Task.FromResult(Calls("/kept", "GET").Count == 2), "verification of the renewal", 10);
        Assert.Equal("60", Calls("/kept", "GET")[1].Query["hub.lease_seconds"]);

        await ServiceHost.WaitUntilAsync(async () => await SubscriptionsAsync(host) == 1, "the unrenewed lease to end", 10);
        Assert.True(DateTime.UtcNow - start >= TimeSpan.FromSeconds(1.5), "a lease ended early");
        await PublishAsync(host, new Item("n1", "Harbour bridge reopens", T0), new Item("n2", "Council approves the budget", T0.AddMinutes(30)));
        await ServiceHost.WaitUntilAsync(() => Task.FromResult(Calls("/kept", "POST").Count == 1), "the push to the renewed subscriber", 10);
        await Task.Delay(1000);
        Assert.Empty(Calls("/lapsed", "POST"));
    }
}
