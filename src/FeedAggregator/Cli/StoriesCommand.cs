using System.CommandLine;
using System.Globalization;
using FeedAggregator.Stories;

namespace FeedAggregator.Cli;

public static class StoriesCommand
{
    public static Command Create(string[] overrides)
    {
        var command = new Command("stories", "Cross-feed story clusters");
        var since = new Option<string?>("--since") { Description = "Re-cluster articles first seen at or after this date (yyyy-MM-dd or ISO 8601, UTC); default: all" };
        var rebuild = new Command("rebuild", "Run the story stage again over the articles (all, or first seen since --since) with the current Stories:* settings") { since };
        rebuild.SetAction(async (result, ct) =>
        {
            var value = result.GetValue(since);
            var from = DateTimeOffset.MinValue;
            if (value is not null && !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out from))
            {
                Console.Error.WriteLine($"stories rebuild: cannot read --since '{value}' (use yyyy-MM-dd or ISO 8601)");
                return CommandLine.UsageError;
            }
            using var host = await CliHost.StartAsync(overrides, ct);
            var (articles, stories) = await host.Services.GetRequiredService<StoryStage>().RebuildAsync(from, ct);
            Console.WriteLine($"re-clustered {articles} articles into {stories} stories" + (value is null ? "" : $" (since {from:yyyy-MM-dd HH:mm}Z)"));
            return 0;
        });
        command.Subcommands.Add(rebuild);
        command.Subcommands.Add(StoriesEvalCommand.Create(overrides));
        return command;
    }
}
