using FeedAggregator.Tests.Infrastructure;

namespace FeedAggregator.Tests.Polling;

/// <summary>Per test: a scripted feed server on 127.0.0.1 and the real polling services on a fresh database.</summary>
public abstract class PollingTestBase : IAsyncLifetime
{
    protected readonly TempDir Dir = new();
    protected FeedFarm Farm { get; private set; } = null!;
    protected PollingRig Rig { get; set; } = null!;
    protected static DateTimeOffset T => PollingRig.Start;

    public async Task InitializeAsync()
    {
        Farm = await FeedFarm.StartAsync();
        Rig = await PollingRig.StartAsync(Dir);
    }

    public async Task DisposeAsync()
    {
        await Rig.DisposeAsync();
        await Farm.DisposeAsync();
        Dir.Dispose();
    }
}
