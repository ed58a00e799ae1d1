using System.Text;
using FeedAggregator.Polling;
using FeedAggregator.Tests.Infrastructure;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.Polling;

/// <summary>Bodies without Content-Length (chunked) are read through growing pooled buffers and still capped.</summary>
public sealed class FetchBodyTests
{
    [Theory]
    [InlineData("1048576", RefreshStatus.Changed)]
    [InlineData("100", RefreshStatus.Error)]
    public async Task A_chunked_body_is_read_whole_or_refused_past_MaxBytes(string maxBytes, RefreshStatus expected)
    {
        using var dir = new TempDir();
        await using var farm = await FeedFarm.StartAsync();
        await using var rig = await PollingRig.StartAsync(dir, null, ("Polling:MaxBytes", maxBytes));
        // About 200 KB, sent in pieces with no Content-Length: more than the first buffer holds.
        var padding = new string('x', 20_000);
        var items = Enumerable.Range(0, 10).Select(i => new Item($"g{i}", $"Post {i}", PollingRig.Start.AddHours(-i), $"<p>{padding}</p>")).ToArray();
        var body = Encoding.UTF8.GetBytes(Rss("Big", "https://big.example", items));
        farm.Handle("/big.rss", async ctx =>
        {
            foreach (var chunk in body.Chunk(16_384))
            {
                await ctx.Response.Body.WriteAsync(chunk);
                await ctx.Response.Body.FlushAsync();
            }
        });
        var feed = await rig.AddAsync(farm.Url("/big.rss"));

        var outcome = await rig.RefreshAsync(feed.Id);

        Assert.Equal(expected, outcome.Status);
        if (expected == RefreshStatus.Changed) Assert.Equal(10, outcome.New);
        else Assert.Equal("body exceeds Polling:MaxBytes (100 bytes)", outcome.Error);
    }
}
