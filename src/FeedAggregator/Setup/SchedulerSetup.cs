using FeedAggregator.Dedupe;
using FeedAggregator.Jobs;
using FeedAggregator.Polling;
using FeedAggregator.Store;
using Quartz;

namespace FeedAggregator.Setup;

public static class SchedulerSetup
{
    public static IServiceCollection AddFeedAggregatorScheduler(this IServiceCollection services, IConfiguration config)
    {
        var tick = config.GetSection("Polling").Get<PollingOptions>()?.Tick ?? new PollingOptions().Tick;
        var storiesTick = config.GetSection(StoriesOptions.SectionName).Get<StoriesOptions>()?.Tick ?? new StoriesOptions().Tick;
        var retentionAt = config.GetSection("Retention").Get<RetentionOptions>()?.At ?? new RetentionOptions().At;
        services.AddQuartz(q =>
        {
            q.AddJob<PollFeedsJob>(j => j.WithIdentity(PollFeedsJob.Key));
            // One short tick for all feeds; each feed's own schedule lives in feeds.next_poll_at.
            q.AddTrigger(t => t.ForJob(PollFeedsJob.Key).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(tick).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            q.AddJob<StoryStageJob>(j => j.WithIdentity(StoryStageJob.Key));
            q.AddTrigger(t => t.ForJob(StoryStageJob.Key).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(storiesTick).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            q.AddDigestJobs(config);
        });
        services.AddQuartz(q =>
        {
            q.AddJob<RetentionJob>(j => j.WithIdentity(RetentionJob.Key));
            q.AddTrigger(t => t.ForJob(RetentionJob.Key)
                .WithSchedule(CronScheduleBuilder.Create($"0 {retentionAt.Minutes} {retentionAt.Hours} ? * *").InTimeZone(TimeZoneInfo.Local)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
