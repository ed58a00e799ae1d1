using FeedAggregator.Endpoints;
using FeedAggregator.Jobs;
using FeedAggregator.Store;
using FeedAggregator.WebSub;
using Quartz;

namespace FeedAggregator.Setup;

public static class WebSubSetup
{
    /// <summary>The WebSub hub's store, rate limiter and distributor. Its options are bound and checked with the other
    /// sections (SettingsRules): polling uses WebSub:Subscribe too, and every verb checks them.</summary>
    public static IServiceCollection AddWebSub(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<WebSubStore>();
        services.AddSingleton<HubRequestLimiter>();
        services.AddSingleton<WebSubDistributor>();
        services.AddSingleton<WebSubSubscriber>();
        return services;
    }

    public static void AddWebSubJob(this IQuartzBuilder q, IConfiguration config)
    {
        var tick = config.GetSection(WebSubOptions.SectionName).Get<WebSubOptions>()?.Tick ?? new WebSubOptions().Tick;
        q.AddJob<WebSubJob>(j => j.WithIdentity(WebSubJob.Key));
        q.AddTrigger(t => t.ForJob(WebSubJob.Key).StartNow()
            .WithSimpleSchedule(s => s.WithInterval(tick).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
    }
}
