using System.CommandLine;
using FeedAggregator.Dedupe;
using FeedAggregator.Feeds;
using FeedAggregator.Store;
using FeedAggregator.Stories;
using Microsoft.Extensions.Options;
using FeedAggregator.Polling;

namespace FeedAggregator.Cli;

public static class PollCommand
{
    public static Command Create(string[] overrides)
    {
        var all = new Option<bool>("--all") { Description = "Poll every enabled feed, not only the due ones" };
        var noStories = new Option<bool>("--no-stories") { Description = "Store the articles only; leave their stories to the service's story stage" };
        var command = new Command("poll", "One polling pass over the due feeds, then the story stage (lexical), then exit") { all, noStories };
        command.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(overrides, ct);
            await host.Services.GetRequiredService<OpmlSync>().SyncIfChangedAsync(ct);
            var outcomes = await host.Services.GetRequiredService<Poller>().PollAsync(result.GetValue(all), ct,
                outcome => Console.WriteLine(outcome));
            Console.WriteLine(
                $"{outcomes.Count} feeds: {outcomes.Sum(o => o.New)} new, {outcomes.Sum(o => o.Updated)} updated, " +
                $"{outcomes.Count(o => o.Status is RefreshStatus.NotModified or RefreshStatus.Unchanged)} unchanged, " +
                $"{outcomes.Count(o => o.Status == RefreshStatus.Error)} errors, {outcomes.Count(o => o.Status == RefreshStatus.Deferred)} deferred");

            // A user running `poll` alone expects stories, so the stage runs once at the end. Not with the semantic
            // decider: `poll` never loads the embedding model; the service's story stage (or `stories rebuild`) does it.
            var method = host.Services.GetRequiredService<IOptions<StoriesOptions>>().Value.Method;
            var waiting = await host.Services.GetRequiredService<ArticleStore>().WaitingCountAsync(ct);
            if (waiting == 0) return 0;
            if (result.GetValue(noStories) || !method.Equals(LexicalStoryDecider.Name, StringComparison.OrdinalIgnoreCase))
            {
                Console.WriteLine($"{waiting} articles wait for the story stage (Stories:Method={method}); the service clusters them");
                return 0;
            }
            var clustered = await host.Services.GetRequiredService<StoryStage>().CatchUpAsync(ct);
            Console.WriteLine($"story stage: {clustered} articles put into stories");
            return 0;
        });
        return command;
    }
}
