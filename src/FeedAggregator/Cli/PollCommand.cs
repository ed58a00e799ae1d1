using System.CommandLine;
using FeedAggregator.Feeds;
using FeedAggregator.Polling;

namespace FeedAggregator.Cli;

public static class PollCommand
{
    public static Command Create(string[] overrides)
    {
        var all = new Option<bool>("--all") { Description = "Poll every enabled feed, not only the due ones" };
        var command = new Command("poll", "One polling pass over the due feeds, then exit") { all };
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
            return 0;
        });
        return command;
    }
}
