using FeedAggregator.Feeds;
using FeedAggregator.Polling;
using FeedAggregator.Setup;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace FeedAggregator.Tests.Polling;

/// <summary>The app's real polling services (the DI graph of <see cref="ServiceSetup.AddFeedAggregator"/>) on a temp
/// SQLite file, with a fake clock, so that days of polling run in milliseconds.</summary>
public sealed class PollingRig : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly ServiceProvider _services;
    public FakeTimeProvider Clock { get; }

    private PollingRig(ServiceProvider services, FakeTimeProvider clock) => (_services, Clock) = (services, clock);

    /// <summary>A rig on <paramref name="dir"/>'s database; a second rig on the same dir is the app after a restart.</summary>
    public static async Task<PollingRig> StartAsync(TempDir dir, FakeTimeProvider? clock = null, params (string Key, string Value)[] settings)
    {
        clock ??= new FakeTimeProvider(Start);
        var values = new Dictionary<string, string?>
        {
            ["Storage:Path"] = dir.File("feedagg.db"),
            ["Polling:Interval"] = "00:30:00",
            ["Polling:MinInterval"] = "00:10:00",
            ["Polling:MaxInterval"] = "12:00:00",
            ["Polling:MaxBackoff"] = "1.00:00:00",
            // The feeds of the tests are served on 127.0.0.1, which the SSRF guard refuses by default.
            ["Polling:AllowPrivateNetworks"] = "true",
            // The model-free method: polling tests are about polling (semantic matching has its own tests).
            ["Stories:Method"] = "lexical",
        };
        foreach (var (key, value) in settings) values[key] = value;
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFeedAggregator(config);
        services.AddSingleton<TimeProvider>(clock);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await provider.GetRequiredService<Database>().MigrateAsync(default);
        return new PollingRig(provider, clock);
    }

    public FeedStore Feeds => _services.GetRequiredService<FeedStore>();
    public Poller Poller => _services.GetRequiredService<Poller>();
    public Database Db => _services.GetRequiredService<Database>();
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public async Task<Feed> AddAsync(Uri url)
    {
        await Feeds.AddAsync(new FeedSubscription(url.AbsoluteUri), FeedOrigin.Cli, default);
        return (await Feeds.FindAsync(url.AbsoluteUri, default))!;
    }

    /// <summary>Refreshes the feed as stored now (through the per-host gate, like a pass does).</summary>
    public async Task<RefreshOutcome> RefreshAsync(long feedId) => await Poller.RefreshOneAsync((await GetAsync(feedId))!, default);

    public async Task<Feed> GetAsync(long feedId) => (await Feeds.FindAsync(feedId, default))!;

    /// <summary>Moves the fake clock to the feed's next poll time.</summary>
    public async Task AdvanceToNextPollAsync(long feedId)
    {
        var next = UnixTime.FromMs((await GetAsync(feedId)).NextPollAt);
        if (next > Clock.GetUtcNow()) Clock.SetUtcNow(next);
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
