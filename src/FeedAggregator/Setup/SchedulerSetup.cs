using FeedAggregator.Dedupe;
using FeedAggregator.Jobs;
using FeedAggregator.Polling;
using FeedAggregator.Store;
using Quartz;

namespace FeedAggregator.Setup;

/// <summary>Two kinds of jobs. Per node: the poll tick (every worker polls; claims keep them off each other's feeds).
/// Once per cluster: the digest and the retention clean-up. On SQLite (one node) all run in one in-memory scheduler; on
/// PostgreSQL the once-per-cluster jobs run in a second scheduler on Quartz's clustered AdoJobStore in the same database,
/// so that each trigger fires on one node, and a node that dies leaves its triggers to the others.</summary>
public static class SchedulerSetup
{
    /// <summary>The clustered scheduler's name: the same on every node, which is what makes them one cluster.</summary>
    public const string ClusterScheduler = "feedagg-cluster";

    public static IServiceCollection AddFeedAggregatorScheduler(this IServiceCollection services, IConfiguration config)
    {
        var tick = config.GetSection("Polling").Get<PollingOptions>()?.Tick ?? new PollingOptions().Tick;
        var storiesTick = config.GetSection(StoriesOptions.SectionName).Get<StoriesOptions>()?.Tick ?? new StoriesOptions().Tick;
        var storage = config.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        services.AddQuartz(q =>
        {
            q.AddJob<PollFeedsJob>(j => j.WithIdentity(PollFeedsJob.Key));
            // One short tick for all feeds; each feed's own schedule lives in feeds.next_poll_at.
            q.AddTrigger(t => t.ForJob(PollFeedsJob.Key).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(tick).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            // The story stage runs per node: each batch takes only rows still waiting (SKIP LOCKED on PostgreSQL).
            q.AddJob<StoryStageJob>(j => j.WithIdentity(StoryStageJob.Key));
            q.AddTrigger(t => t.ForJob(StoryStageJob.Key).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(storiesTick).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            if (!storage.IsPostgres) q.AddOncePerClusterJobs(config);
            // Per node for now (#16's jobs; whether they should run once per cluster is theirs to say).
            q.AddWebSubJob(config);
            q.AddJob<FullTextJob>(j => j.WithIdentity(FullTextJob.Key));
            q.AddTrigger(t => t.ForJob(FullTextJob.Key).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(tick).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });
        if (storage.IsPostgres)
            services.AddQuartz(ClusterScheduler, q =>
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(storage.ConnectionString!);
                    store.UseClustering();
                    // Our PostgreSQL migrations create the qrtz_ tables (Store/Migrations/Postgres); Quartz checks at start
                    // that they are the schema it needs, and refuses to start otherwise.
                    store.ConfigureStore(o => o.SchemaProvisioning = SchemaProvisioning.Validate);
                });
                q.AddOncePerClusterJobs(config);
            });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>The jobs that must run on one node at a time: the digest (its outbox still guarantees one mail if two
    /// nodes race) and the nightly retention clean-up.</summary>
    private static void AddOncePerClusterJobs(this IQuartzBuilder q, IConfiguration config)
    {
        var retentionAt = config.GetSection("Retention").Get<RetentionOptions>()?.At ?? new RetentionOptions().At;
        q.AddDigestJobs(config);
        q.AddJob<RetentionJob>(j => j.WithIdentity(RetentionJob.Key));
        q.AddTrigger(t => t.ForJob(RetentionJob.Key).WithIdentity(RetentionJob.NightlyTrigger)
            .WithSchedule(CronScheduleBuilder.Create($"0 {retentionAt.Minutes} {retentionAt.Hours} ? * *").InTimeZone(TimeZoneInfo.Local)));
    }
}
