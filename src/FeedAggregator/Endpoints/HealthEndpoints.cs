using FeedAggregator.Jobs;
using FeedAggregator.Polling;
using FeedAggregator.Store;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Quartz;

namespace FeedAggregator.Endpoints;

/// <summary>/healthz (the process answers) and /readyz (it does its job: database, scheduler, recent poll, story
/// stage), with ASP.NET Core health checks. Each check tagged "ready" is part of /readyz; another line of work can add
/// its own (AddCheck with that tag) or replace "stories" by name.</summary>
public static class HealthEndpoints
{
    public const string Ready = "ready";

    public static IServiceCollection AddFeedAggregatorHealth(this IServiceCollection services)
    {
        services.AddSingleton<PollActivity>();
        services.AddHealthChecks()
            .AddCheck<DatabaseCheck>("database", tags: [Ready])
            .AddCheck<SchedulerCheck>("scheduler", tags: [Ready])
            .AddCheck<RecentPollCheck>("poll", tags: [Ready])
            .AddCheck<StoryStageCheck>("stories", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteText });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteText });
        return app;
    }

    /// <summary>One line for the verdict, then one per check with its reason: what an operator reads with curl.</summary>
    private static Task WriteText(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries.Select(e => $"{e.Key}: {e.Value.Status.ToString().ToLowerInvariant()}{(e.Value.Description is { } d ? " - " + d : "")}");
        return context.Response.WriteAsync(string.Join('\n', lines.Prepend(report.Status.ToString().ToLowerInvariant())) + "\n");
    }

    private sealed class DatabaseCheck(StatsStore stats) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            try
            {
                return HealthCheckResult.Healthy($"{await stats.FeedCountAsync(ct)} feeds");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy($"database unreachable: {e.Message}");
            }
        }
    }

    private sealed class SchedulerCheck(ISchedulerFactory schedulers) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            var status = await (await schedulers.GetScheduler(ct)).GetStatus(ct);
            return status == SchedulerStatus.Running
                ? HealthCheckResult.Healthy("running")
                : HealthCheckResult.Unhealthy($"scheduler {status.ToString().ToLowerInvariant()}");
        }
    }

    /// <summary>The last sign of polling (a pass done, or a feed of a running pass) within three ticks. A service that
    /// has just started is given those three ticks for its first pass.</summary>
    private sealed class RecentPollCheck(PollActivity activity, IOptions<PollingOptions> options, TimeProvider clock) : IHealthCheck
    {
        private readonly DateTimeOffset _started = clock.GetUtcNow();

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            var limit = 3 * options.Value.Tick;
            var last = activity.Last ?? _started;
            var age = clock.GetUtcNow() - last;
            return Task.FromResult(age <= limit
                ? HealthCheckResult.Healthy(activity.Last is null ? "first pass pending" : $"last poll activity {age.TotalSeconds:0} s ago")
                : HealthCheckResult.Unhealthy($"no poll pass for {age.TotalSeconds:0} s (more than three ticks of {options.Value.Tick:c})"));
        }
    }

    /// <summary>Articles waiting for their story: every article gets one as it is stored (or from the story stage), so
    /// articles without one that are older than three ticks mean the story stage is behind.</summary>
    private sealed class StoryStageCheck(StatsStore stats, IOptions<PollingOptions> options, TimeProvider clock) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            var before = (clock.GetUtcNow() - 3 * options.Value.Tick).ToUnixTimeMilliseconds();
            var waiting = await stats.ArticlesWithoutStoryAsync(before, ct);
            return waiting == 0 ? HealthCheckResult.Healthy("no article waiting for its story")
                : HealthCheckResult.Unhealthy($"{waiting} articles stored more than three ticks ago have no story yet");
        }
    }
}
