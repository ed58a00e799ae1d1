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
        services.AddOptions<StorageOptions>().Bind(config.GetSection("Storage")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.Configure<FeedsOptions>(config.GetSection("Feeds"));
        services.Configure<PollingOptions>(config.GetSection("Polling"));
        services.Configure<PublishingOptions>(config.GetSection("Publishing"));
        services.Configure<RetentionOptions>(config.GetSection("Retention"));
        services.AddOptions<StoriesOptions>().Bind(config.GetSection(StoriesOptions.SectionName))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ServiceStart(sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.AddSingleton<Database>();
        services.AddSingleton<FeedStore>();
        services.AddSingleton<ArticleStore>();
        services.AddSingleton<StoryStore>();
        services.AddSingleton<RetentionStore>();
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
                return new SocketsHttpHandler
                {
                    AutomaticDecompression = DecompressionMethods.All,
                    ConnectTimeout = o.ConnectTimeout,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    // FeedFetcher follows redirects itself (Polling:MaxRedirects) to tell permanent moves from temporary ones.
                    AllowAutoRedirect = false,
                    UseCookies = false,
                };
            })
            // One handler for the life of the process: PooledConnectionLifetime already refreshes DNS.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // FeedFetcher logs each fetch with the feed's context; the factory's per-request scopes only cost time.
            .RemoveAllLoggers();
        return services;
    }
}
