namespace FeedAggregator.Tests.Infrastructure;

/// <summary>What many end-to-end test classes share: a temp folder, a loopback feed farm and the real host. A class
/// starts the farm, serves its feeds and starts the host in <see cref="InitializeAsync"/>; all three are disposed here.</summary>
public abstract class HostOnFarm : IAsyncLifetime
{
    protected readonly TempDir _dir = new();
    protected FeedFarm _farm = null!;
    protected ServiceHost _host = null!;

    public abstract Task InitializeAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _farm.DisposeAsync();
        _dir.Dispose();
    }
}
