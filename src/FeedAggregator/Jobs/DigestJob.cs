using FeedAggregator.Digest;
using Quartz;

namespace FeedAggregator.Jobs;

/// <summary>The digest's one job, three triggers. At Digest:Time (cron trigger in Digest:TimeZone) and once at start
/// it closes the windows that are due (at start: the ones missed while the service was down, per Digest:CatchUp);
/// every Digest:RetryTick it delivers, and closes a due window that had to wait for the story stage. Each run then sends what the outbox holds that is due.
/// Idempotent: a window is closed once whatever fires it, so a double firing sends nothing twice.</summary>
[DisallowConcurrentExecution]
public sealed class DigestJob(DigestService digests, IHostApplicationLifetime lifetime, ILogger<DigestJob> logger) : IJob
{
    public static readonly JobKey Key = new("digest");
    public static readonly TriggerKey DailyTrigger = new("digest-daily");
    public static readonly TriggerKey CatchUpTrigger = new("digest-catch-up");
    public static readonly TriggerKey DeliveryTrigger = new("digest-delivery");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            if (!context.Trigger.Key.Equals(DeliveryTrigger))
                await digests.CloseDueWindowsAsync(catchingUp: context.Trigger.Key.Equals(CatchUpTrigger), cts.Token);
            else
                // A due window waits until the story stage has caught up to its end; each delivery tick looks again.
                await digests.CloseDeferredWindowsAsync(cts.Token);
            await digests.DeliverDueAsync(cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            logger.LogInformation("Digest job cancelled by shutdown; queued deliveries are sent after the next start");
        }
        catch (Exception e)
        {
            // Logged here rather than left to Quartz: the next firing or delivery tick tries again.
            logger.LogError(e, "Digest job failed ({Trigger})", context.Trigger.Key.Name);
        }
    }
}
