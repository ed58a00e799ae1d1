using System.Diagnostics;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace FeedAggregator.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_the_service_cancels_an_in_flight_refresh_cleanly()
    {
        using var dir = new TempDir();
        await using var farm = await FeedFarm.StartAsync();
        var started = new TaskCompletionSource();
        var aborted = new TaskCompletionSource();
        farm.Handle("/slow.rss", async ctx =>
        {
            started.TrySetResult();
            try { await Task.Delay(TimeSpan.FromMinutes(2), ctx.RequestAborted); }
            catch (OperationCanceledException) { aborted.TrySetResult(); }
        });
        var host = await ServiceHost.StartAsync(dir, dir.WriteOpml((farm.Url("/slow.rss").AbsoluteUri, "Slow", null)));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        await host.App.StopAsync();
        clock.Stop();
        var feeds = await host.Get<FeedStore>().ListAsync(default);
        await host.DisposeAsync();

        // The stop waited for the job, and the job did not wait for the 2-minute response.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"stop took {clock.Elapsed}");
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // A shutdown is not the feed's fault: no error is recorded on it.
        Assert.Null(feeds.Single().LastError);
        Assert.Equal(0, feeds.Single().ErrorCount);
    }
}
