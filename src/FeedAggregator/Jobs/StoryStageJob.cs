using FeedAggregator.Stories;
using Quartz;

namespace FeedAggregator.Jobs;

/// <summary>Fires every Stories:Tick, at start, and after each polling pass that stored articles: runs the story stage
/// until no article waits. One instance at a time; a trigger that fires while it runs finds the work done. A tick that
/// comes while this process polls does nothing: the stage would chase the pass's every commit and take the CPU the
/// pass needs (embedding), and the pass triggers it when done.</summary>
[DisallowConcurrentExecution]
public sealed class StoryStageJob(StoryStage stage, PollActivity polling, IHostApplicationLifetime lifetime, ILogger<StoryStageJob> logger) : IJob
{
    public static readonly JobKey Key = new("story-stage");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (polling.Polling) return;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            await stage.CatchUpAsync(cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            logger.LogInformation("Story stage cancelled by shutdown; waiting articles are clustered after the next start");
        }
        catch (Exception e)
        {
            // The batch rolled back and the cache reloads; the next tick tries again.
            logger.LogError(e, "Story stage failed");
        }
    }
}
