using FeedAggregator.Digest;
using Quartz;

namespace FeedAggregator.Jobs;

/// <summary>Every Digest:RetryTick: sends the outbox's due deliveries (new ones, and failed ones whose backoff is over).</summary>
[DisallowConcurrentExecution]
public sealed class DeliverDigestsJob(DigestService digests, IHostApplicationLifetime lifetime, ILogger<DeliverDigestsJob> logger) : IJob
{
    public static readonly JobKey Key = new("deliver-digests");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            await digests.DeliverDueAsync(cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            logger.LogInformation("Digest delivery cancelled by shutdown");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Digest delivery pass failed");
        }
    }
}
