using System.Net;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;
using FeedAggregator.Fetch;
using FeedAggregator.Parse;
using FeedAggregator.Polling;
using FeedAggregator.Publish;
using FeedAggregator.Store;
using FeedAggregator.Stories;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Setup;

public static class ServiceSetup
{
    /// <summary>The pipeline's services, shared by the service and every CLI verb.</summary>
    public static IServiceCollection AddFeedAggregator(this IServiceCollection services, IConfiguration config)
    {
        services.AddCheckedOptions(config);
        services.AddLogTimestamps();
        services.AddRules();
        services.AddSingleton<FullTextStore>();
        // WebSub's part in polling (hub discovery, the fallback interval); the hub itself is the service's (WebSubSetup).
        // The section is bound and checked with the others (SettingsRules).
        services.AddOptions<FeedAggregator.WebSub.WebSubOptions>().PostConfigure(o => o.ReadPollingSettings(config));
        services.AddSingleton<SourceSubscriptionStore>();
        services.AddSingleton<FeedAggregator.WebSub.WebSubPolling>();
        services.AddSingleton<FeedAggregator.FullText.ArticleExtractor>();
        services.AddSingleton<FeedAggregator.FullText.FullTextService>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ServiceStart(sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        // One registry per host, not prometheus-net's static default: tests run several hosts in one process.
        services.AddSingleton(_ => Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton<Telemetry.FeedMetrics>();
        services.AddSingleton<Database>();
        services.AddSingleton<FeedStore>();
        services.AddSingleton<ArticleStore>();
        services.AddSingleton<StoryStore>();
        services.AddSingleton<RetentionStore>();
        services.AddSingleton<TombstoneStore>();
        services.AddSingleton<DataVersionStore>();
        services.AddSingleton<StatsStore>();
        services.AddSingleton<HostStore>();
        // The decider named by Stories:Method, created on the story stage's first use only: `poll` (Method=semantic),
        // `parse` and `feeds` never construct it.
        services.AddSingleton(sp => StoryDeciders.Create(sp.GetRequiredService<IOptions<StoriesOptions>>().Value));
        services.AddSingleton<StoryStage>();
        services.AddSingleton<FeedParser>();
        services.AddSingleton<FeedFetcher>();
        services.AddSingleton<PollSchedule>();
        services.AddSingleton<HostCooldowns>();
        services.AddSingleton<HostLimit>();
        services.AddSingleton(_ => new BackgroundCpu(Environment.ProcessorCount, lowerPriority: false));
        services.AddSingleton<FeedRefresher>();
        services.AddSingleton<Poller>();
        services.AddSingleton<OpmlSync>();
        services.AddDigest(config);

        services.AddHttpClient(FeedFetcher.ClientName, (sp, client) =>
            {
                var o = sp.GetRequiredService<IOptions<PollingOptions>>().Value;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(o.UserAgent);
                client.DefaultRequestHeaders.Accept.ParseAdd(
                    "application/atom+xml, application/rss+xml, application/rdf+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8");
                // FeedFetcher applies Polling:Timeout itself, body read included.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var o = sp.GetRequiredService<IOptions<PollingOptions>>().Value;
                var handler = new SocketsHttpHandler
                {
                    AutomaticDecompression = DecompressionMethods.All,
                    ConnectTimeout = o.ConnectTimeout,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    // FeedFetcher follows redirects itself (Polling:MaxRedirects) to tell permanent moves from temporary ones.
                    AllowAutoRedirect = false,
                    UseCookies = false,
                };
                if (!o.AllowPrivateNetworks)
                    handler.ConnectCallback = PrivateNetworkGuard.ConnectCallback(o.AllowedPrivateAddresses.Select(IPAddress.Parse).ToHashSet());
                return handler;
            })
            // One handler for the life of the process: PooledConnectionLifetime already refreshes DNS.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // FeedFetcher logs each fetch with the feed's context; the factory's per-request scopes only cost time.
            .RemoveAllLoggers();
        return services;
    }
}
