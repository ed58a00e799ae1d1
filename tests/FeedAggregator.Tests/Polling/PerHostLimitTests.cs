using FeedAggregator.Tests.Infrastructure;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.Polling;

public sealed class PerHostLimitTests
{
    [Fact]
    public async Task A_pass_sends_at_most_PerHostConcurrency_requests_at_once_to_one_host()
    {
        using var dir = new TempDir();
        await using var farm = await FeedFarm.StartAsync();
        await using var rig = await PollingRig.StartAsync(dir, null, ("Polling:Concurrency", "8"), ("Polling:PerHostConcurrency", "2"));
        var current = 0;
        var max = 0;
        var body = System.Text.Encoding.UTF8.GetBytes(Rss("F", "https://f.example", new Item("a", "A", PollingRig.Start.AddHours(-1))));
        for (var i = 0; i < 12; i++)
        {
            farm.Handle($"/f{i}.rss", async ctx =>
            {
                var now = Interlocked.Increment(ref current);
                InterlockedMax(ref max, now);
                // The publisher is slow: requests overlap if the poller lets them.
                await Task.Delay(40);
                Interlocked.Decrement(ref current);
                await ctx.Response.Body.WriteAsync(body);
            });
            await rig.AddAsync(farm.Url($"/f{i}.rss"));
        }

        var outcomes = await rig.Poller.PollAsync(all: true, default);

        Assert.Equal(12, outcomes.Count);
        Assert.Equal(12, Enumerable.Range(0, 12).Sum(i => farm.CountRequests($"/f{i}.rss")));
        Assert.Equal(2, max);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
