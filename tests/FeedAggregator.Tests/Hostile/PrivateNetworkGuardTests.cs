using FeedAggregator.Polling;
using FeedAggregator.Tests.Infrastructure;
using FeedAggregator.Tests.Polling;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.Hostile;

/// <summary>Issue 12 point 2: without Polling:AllowPrivateNetworks the real fetch path refuses every loopback form,
/// directly, after a redirect and after autodiscovery. Only loopback is ever connected to.</summary>
public sealed class PrivateNetworkGuardTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private FeedFarm _farm = null!;

    public async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        _farm.Serve("/f.rss", Rss("Internal", "https://internal.example", new Item("i1", "Secret", PollingRig.Start.AddHours(-1))));
    }

    public async Task DisposeAsync()
    {
        await _farm.DisposeAsync();
        _dir.Dispose();
    }

    private Task<PollingRig> Guarded(params string[] allowed) => PollingRig.StartAsync(_dir, null,
        [("Polling:AllowPrivateNetworks", "false"), .. allowed.Select((a, i) => ($"Polling:AllowedPrivateAddresses:{i}", a))]);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("127.1")]
    [InlineData("2130706433")]
    [InlineData("0x7f000001")]
    [InlineData("[::1]")]
    [InlineData("[::ffff:127.0.0.1]")]
    public async Task A_loopback_address_in_any_spelling_is_refused_with_an_error_naming_the_address_and_the_key(string host)
    {
        await using var rig = await Guarded();
        var feed = await rig.AddAsync(new Uri($"http://{host}:{_farm.BaseUrl.Port}/f.rss"));

        var outcome = await rig.RefreshAsync(feed.Id);

        Assert.Equal(RefreshStatus.Error, outcome.Status);
        Assert.Contains("refused to connect to", outcome.Error);
        Assert.Contains("loopback", outcome.Error);
        Assert.Contains("Polling:AllowPrivateNetworks=true", outcome.Error);
        Assert.Equal(0, _farm.CountRequests("/f.rss"));
        var stored = await rig.GetAsync(feed.Id);
        Assert.Equal(outcome.Error, stored.LastError);
        Assert.Equal(1, stored.ErrorCount);
    }

    [Fact]
    public async Task An_allowed_address_is_fetched_but_a_redirect_from_it_to_another_loopback_address_is_refused()
    {
        await using var rig = await Guarded("127.0.0.1");
        var port = _farm.BaseUrl.Port;
        _farm.Handle("/hop", ctx => { ctx.Response.StatusCode = 302; ctx.Response.Headers.Location = $"http://127.0.0.2:{port}/f.rss"; return Task.CompletedTask; });
        var direct = await rig.AddAsync(_farm.Url("/f.rss"));
        var redirected = await rig.AddAsync(_farm.Url("/hop"));

        Assert.Equal(RefreshStatus.Changed, (await rig.RefreshAsync(direct.Id)).Status);
        var outcome = await rig.RefreshAsync(redirected.Id);

        Assert.Equal(RefreshStatus.Error, outcome.Status);
        Assert.Contains("refused to connect to 127.0.0.2 (loopback)", outcome.Error);
        Assert.Equal(1, _farm.CountRequests("/hop"));
        Assert.Equal(1, _farm.CountRequests("/f.rss")); // only the direct fetch
    }

    [Fact]
    public async Task A_feed_that_autodiscovery_finds_on_a_refused_address_is_not_fetched()
    {
        await using var rig = await Guarded("127.0.0.1");
        var port = _farm.BaseUrl.Port;
        _farm.Serve("/page", $"""<html><head><link rel="alternate" type="application/rss+xml" href="http://[::1]:{port}/f.rss"></head><body>hi</body></html>""", "text/html");
        var feed = await rig.AddAsync(_farm.Url("/page"));

        var outcome = await rig.RefreshAsync(feed.Id);

        Assert.Equal(RefreshStatus.Error, outcome.Status);
        Assert.Contains("refused to connect to ::1 (loopback)", outcome.Error);
        Assert.Equal(0, _farm.CountRequests("/f.rss"));
    }
}
