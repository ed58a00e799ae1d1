using FeedAggregator.Store;
using Quartz;

namespace FeedAggregator.Jobs;

/// <summary>Nightly: deletes articles and stories older than Retention:Days.</summary>
[DisallowConcurrentExecution]
public sealed class RetentionJob(RetentionStore retention) : IJob
{
    public static readonly JobKey Key = new("retention");
    public static readonly TriggerKey NightlyTrigger = new("retention-nightly");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await retention.PurgeAsync(cancellationToken);
}
