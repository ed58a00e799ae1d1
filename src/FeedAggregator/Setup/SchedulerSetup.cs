using FeedAggregator.Jobs;
using FeedAggregator.Polling;
using Quartz;

namespace FeedAggregator.Setup;

public static class SchedulerSetup
{
    public static IServiceCollection AddFeedAggregatorScheduler(this IServiceCollection services, IConfiguration config)
    {
        var tick = config.GetSection("Polling").Get<PollingOptions>()?.Tick ?? new PollingOptions().Tick;
        services.AddQuartz(q =>
        {
            q.AddJob<PollFeedsJob>(j => j.WithIdentity(PollFeedsJob.Key));
            // One short tick for all feeds; each feed's own schedule lives in feeds.next_poll_at.
            q.AddTrigger(t => t.ForJob(PollFeedsJob.Key).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(tick).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            q.AddDigestJobs(config);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
