using FeedAggregator.FullText;
using Quartz;

namespace FeedAggregator.Jobs;

/// <summary>Every Polling:Tick: fetches and extracts the article pages the polls queued for full-text feeds.
/// Off the poll's write path: a slow article site never delays a feed's refresh.</summary>
[DisallowConcurrentExecution]
public sealed class FullTextJob(FullTextService fullText, IHostApplicationLifetime lifetime, ILogger<FullTextJob> logger) : IJob
{
    public static readonly JobKey Key = new("full-text");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            if (await fullText.RunAsync(cts.Token) is var n and > 0) logger.LogInformation("Full text: {Count} articles extracted", n);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            logger.LogInformation("Full-text fetching cancelled by shutdown; the pages left are fetched after the next start");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Full-text job failed; the next tick tries again");
        }
    }
}
