using FeedAggregator.Feeds;
using FeedAggregator.Polling;
using Quartz;

namespace FeedAggregator.Jobs;

/// <summary>Fires every Polling:Tick: syncs the OPML file if it changed, then refreshes the feeds that are due.
/// One instance at a time: a slow pass delays the next tick instead of overlapping it.</summary>
[DisallowConcurrentExecution]
public sealed class PollFeedsJob(OpmlSync opml, Poller poller, PollActivity activity, Telemetry.FeedMetrics metrics, IHostApplicationLifetime lifetime,
    ILogger<PollFeedsJob> logger) : IJob
{
    public static readonly JobKey Key = new("poll-feeds");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // Quartz waits for this job at shutdown; ApplicationStopping cancels its in-flight requests so that wait is short.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            await opml.SyncIfChangedAsync(cts.Token);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            IReadOnlyList<RefreshOutcome> outcomes;
            using (activity.Pass()) outcomes = await poller.PollAsync(all: false, cts.Token, _ => activity.Touch());
            activity.Touch();
            metrics.PollPasses.Inc();
            // The one Information line of a pass (per-feed lines are Debug); a tick with nothing due stays silent.
            // New articles wait for their stories: the story stage runs now rather than at its next tick.
            if (outcomes.Any(o => o.New > 0)) await context.Scheduler.TriggerJob(StoryStageJob.Key, cts.Token);
            if (outcomes.Count > 0)
                logger.LogInformation("Poll pass done in {Seconds:0.0} s: {Feeds} feeds, {New} new, {Updated} updated, {Unchanged} unchanged, {Errors} errors",
                    System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, outcomes.Count, outcomes.Sum(o => o.New), outcomes.Sum(o => o.Updated),
                    outcomes.Count(o => o.Status is RefreshStatus.NotModified or RefreshStatus.Unchanged), outcomes.Count(o => o.Status == RefreshStatus.Error));
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            logger.LogInformation("Poll pass cancelled by shutdown; feeds not refreshed yet are polled after the next start");
        }
    }
}
