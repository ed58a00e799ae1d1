using FeedAggregator.Feeds;
using FeedAggregator.Polling;
using Quartz;

namespace FeedAggregator.Jobs;

/// <summary>Fires every Polling:Tick: syncs the OPML file if it changed, then refreshes the feeds that are due.
/// One instance at a time: a slow pass delays the next tick instead of overlapping it.</summary>
[DisallowConcurrentExecution]
public sealed class PollFeedsJob(OpmlSync opml, Poller poller, IHostApplicationLifetime lifetime, ILogger<PollFeedsJob> logger) : IJob
{
    public static readonly JobKey Key = new("poll-feeds");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // Quartz waits for this job at shutdown; ApplicationStopping cancels its in-flight requests so that wait is short.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            await opml.SyncIfChangedAsync(cts.Token);
            var outcomes = await poller.PollAsync(all: false, cts.Token);
            // New articles wait for their stories: the story stage runs now rather than at its next tick.
            if (outcomes.Any(o => o.New > 0)) await context.Scheduler.TriggerJob(StoryStageJob.Key, cts.Token);
            if (outcomes.Count > 0)
                logger.LogInformation("Poll pass done: {Feeds} feeds, {New} new, {Updated} updated, {Errors} errors",
                    outcomes.Count, outcomes.Sum(o => o.New), outcomes.Sum(o => o.Updated), outcomes.Count(o => o.Status == RefreshStatus.Error));
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            logger.LogInformation("Poll pass cancelled by shutdown");
        }
    }
}
