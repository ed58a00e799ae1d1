using System.Net;
using FeedAggregator.Jobs;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests;

/// <summary>Publishing:RequestsPerSecondWhilePolling through the real host: while a pass runs the outputs answer at
/// the pace, the rest wait their turn and are all answered; health checks never wait; idle, nothing waits.</summary>
public sealed class OutputPacingTests : HostOnFarm
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    public override async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        _farm.Serve("/news.rss", Rss("Daily News", "https://news.example", new Item("n1", "Harbour bridge reopens", T0)));
        var opml = _dir.WriteOpml((_farm.Url("/news.rss").AbsoluteUri, "Daily News", "News"));
        // One request a second while polling; the scheduler's own passes far apart, so the test says when one runs.
        _host = await ServiceHost.StartAsync(_dir, opml, "--Publishing:RequestsPerSecondWhilePolling=1", "--Polling:Tick=01:00:00");
        await ServiceHost.WaitUntilAsync(async () =>
            (await _host.Get<FeedStore>().ListAsync(default)).All(f => f.LastSuccessAt is not null), "first poll of the feed");
        await _host.WaitForStoriesAsync();
    }

    [Fact]
    public async Task While_a_pass_runs_requests_beyond_the_pace_wait_their_turn_and_health_checks_do_not()
    {
        Task<HttpResponseMessage>[] requests;
        using (_host.Get<PollActivity>().Pass())
        {
            requests = Enumerable.Range(0, 4).Select(_ => _host.Http.GetAsync("/feed.atom")).ToArray();
            await Task.WhenAny(requests);
            // At one a second, two at most are answered this soon; the others still wait.
            await Task.Delay(300);
            Assert.True(requests.Count(r => r.IsCompleted) <= 2, $"{requests.Count(r => r.IsCompleted)} of 4 answered within 300 ms");
            Assert.Equal(HttpStatusCode.OK, (await _host.Http.GetAsync("/healthz")).StatusCode);
            Assert.Contains(requests, r => !r.IsCompleted);
        }
        // The pass is over: those waiting drain at the pace, and each is answered in full.
        foreach (var response in await Task.WhenAll(requests))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Harbour bridge reopens", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Without_a_pass_nothing_is_paced()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _host.Http.GetAsync("/feed.atom")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        // Paced at one a second, twenty would take nineteen seconds.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"20 requests took {watch.Elapsed}");
    }
}
