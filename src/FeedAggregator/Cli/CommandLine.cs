using System.CommandLine;

namespace FeedAggregator.Cli;

/// <summary>The `feedagg` verbs (shared/DESIGN.md §4). `run` is the default.</summary>
public static class CommandLine
{
    public static Task<int> InvokeAsync(string[] args)
    {
        var (verbArgs, overrides) = ConfigOverrides.Split(args);
        var run = RunCommand.Create(overrides);
        var root = new RootCommand("FeedAggregator: polls feeds, merges them into one, builds a daily digest")
        {
            run,
            PollCommand.Create(overrides),
            ParseCommand.Create(),
            FeedsCommand.Create(overrides),
            StoriesCommand.Create(overrides),
            DigestCommand.Create(overrides),
            RulesCommand.Create(overrides),
        };
        // No verb (or only options such as --urls) means `run`.
        if (verbArgs.Length == 0 || verbArgs[0].StartsWith('-') && verbArgs[0] is not ("-h" or "--help" or "-?" or "--version"))
            verbArgs = ["run", .. verbArgs];
        return root.Parse(verbArgs).InvokeAsync();
    }
}
