using FeedAggregator.WebSub;
using FeedAggregator.Endpoints;
using Quartz;

namespace FeedAggregator.Jobs;

/// <summary>Every WebSub:Tick: the hub's verifications, lease expiry and pushes (<see cref="WebSubDistributor"/>), and our
/// subscription requests to source feeds' hubs (<see cref="WebSubSubscriber"/>).</summary>
[DisallowConcurrentExecution]
public sealed class WebSubJob(WebSubDistributor hub, WebSubSubscriber subscriber, IHostApplicationLifetime lifetime, ILogger<WebSubJob> logger) : IJob
{
    public static readonly JobKey Key = new("websub");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            await hub.RunAsync(cts.Token);
            await subscriber.RenewAsync(cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "WebSub hub run failed; the next tick tries again");
        }
    }
}
