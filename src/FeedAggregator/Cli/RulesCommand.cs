using System.CommandLine;
using System.Text.RegularExpressions;
using FeedAggregator.Rules;

namespace FeedAggregator.Cli;

/// <summary>`rules list | add keep|block PATTERN | remove ID | test PATTERN`: keep/block rules. A change applies to
/// every stored article at once (the merged feed, the digest and stories' sources follow), in this process or the running service.
/// A wrong argument (action, field, scope, pattern — an invalid regular expression included) is a usage error, exit 1,
/// found before the database is opened; a bad rule in the configuration is a bad setting (exit 2, at start).</summary>
public static class RulesCommand
{
    public static Command Create(string[] overrides)
    {
        var command = new Command("rules", "Keep and block rules on articles");
        command.Subcommands.Add(List(overrides));
        command.Subcommands.Add(Add(overrides));
        command.Subcommands.Add(Remove(overrides));
        command.Subcommands.Add(Test(overrides));
        return command;
    }

    private sealed record RuleOptions(Option<bool> Regex, Option<string[]> Fields, Option<string?> Feed, Option<string?> Category);

    private static RuleOptions AddRuleOptions(Command command)
    {
        var o = new RuleOptions(
            new Option<bool>("--regex") { Description = "PATTERN is a regular expression (default: comma-separated words or phrases, matched as whole words)" },
            new Option<string[]>("--field") { Description = "Where to look: title, content, author, category, link, outlet, any (repeatable; default title and content)", AllowMultipleArgumentsPerToken = true },
            new Option<string?>("--feed") { Description = "Only this feed's articles (its URL)" },
            new Option<string?>("--category") { Description = "Only this category's articles" });
        command.Options.Add(o.Regex);
        command.Options.Add(o.Fields);
        command.Options.Add(o.Feed);
        command.Options.Add(o.Category);
        return o;
    }

    /// <summary>The rule the options describe, or a one-line reason why not (a usage error).</summary>
    private static (Rule? Rule, string? Error) ReadRule(ParseResult result, RuleOptions o, RuleAction action, string pattern)
    {
        if (Rule.ParseFields(result.GetValue(o.Fields) ?? [], out var bad) is not { } fields)
            return (null, $"unknown field '{bad}' (title, content, author, category, link, outlet, any)");
        var (feed, category) = (result.GetValue(o.Feed)?.Trim(), result.GetValue(o.Category)?.Trim());
        if (feed is not null && category is not null) return (null, "give --feed or --category, not both");
        var isRegex = result.GetValue(o.Regex);
        try
        {
            // Only parsed here, never run: the timeout that matches run with does not matter.
            RuleMatcher.Compile(pattern, isRegex, Regex.InfiniteMatchTimeout);
        }
        catch (ArgumentException e)
        {
            return (null, $"invalid {(isRegex ? "regular expression" : "word list")} \"{pattern}\": {e.Message}");
        }
        return (new Rule(0, action, pattern.Trim(), isRegex, fields, feed, category), null);
    }

    private static Command List(string[] overrides)
    {
        var command = new Command("list", "Every rule: what it matches, where, and any trouble it had");
        command.SetAction(async (_, ct) =>
        {
            using var host = await CliHost.StartAsync(overrides, ct);
            var rules = host.Services.GetRequiredService<RulesService>();
            await rules.SyncConfigAsync(ct);
            var (_, all) = await rules.ListAsync(ct);
            foreach (var r in all)
                Console.WriteLine(r.Describe() + (r.Note is null ? "" : $"\n    note: {r.Note}"));
            Console.WriteLine($"{all.Count} rules");
            return 0;
        });
        return command;
    }

    private static Command Add(string[] overrides)
    {
        var action = new Argument<string>("action") { Description = "keep (show only what matches, in its scope) or block (hide what matches)" };
        var pattern = new Argument<string>("pattern") { Description = "Words or phrases, comma-separated; or with --regex a regular expression" };
        var command = new Command("add", "Add a rule; it applies to every stored article at once") { action, pattern };
        var o = AddRuleOptions(command);
        command.SetAction(async (result, ct) =>
        {
            RuleAction? act = result.GetValue(action)?.ToLowerInvariant() switch { "keep" => RuleAction.Keep, "block" => RuleAction.Block, _ => null };
            if (act is null)
            {
                Console.Error.WriteLine($"rules add: the action is keep or block, not '{result.GetValue(action)}'");
                return CommandLine.UsageError;
            }
            var (rule, error) = ReadRule(result, o, act.Value, result.GetValue(pattern)!);
            if (rule is null)
            {
                Console.Error.WriteLine($"rules add: {error}");
                return CommandLine.UsageError;
            }
            using var host = await CliHost.StartAsync(overrides, ct);
            var rules = host.Services.GetRequiredService<RulesService>();
            await rules.SyncConfigAsync(ct);
            var change = await rules.AddAsync(rule, ct);
            Console.WriteLine($"added {(rule with { Id = change.RuleId }).Describe()}: {change.Hidden} articles hidden, {change.Shown} shown again");
            return 0;
        });
        return command;
    }

    private static Command Remove(string[] overrides)
    {
        var id = new Argument<long>("id") { Description = "The rule's number, as `rules list` shows it" };
        var command = new Command("remove", "Remove a rule; the articles it hid come back at once") { id };
        command.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(overrides, ct);
            var rules = host.Services.GetRequiredService<RulesService>();
            await rules.SyncConfigAsync(ct);
            try
            {
                var change = await rules.RemoveAsync(result.GetValue(id), ct);
                if (!change.Changed)
                {
                    Console.Error.WriteLine($"rules remove: no rule #{result.GetValue(id)}");
                    return CommandLine.UsageError;
                }
                Console.WriteLine($"removed rule #{change.RuleId}: {change.Shown} articles shown again, {change.Hidden} hidden");
                return 0;
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"rules remove: {e.Message}");
                return CommandLine.UsageError;
            }
        });
        return command;
    }

    private static Command Test(string[] overrides)
    {
        var pattern = new Argument<string>("pattern") { Description = "Words or phrases, comma-separated; or with --regex a regular expression" };
        var days = new Option<int>("--days") { Description = "Look at articles first seen in the last N days (default 7)", DefaultValueFactory = _ => 7 };
        var command = new Command("test", "Show which stored articles a rule would match, without adding it") { pattern, days };
        var o = AddRuleOptions(command);
        command.SetAction(async (result, ct) =>
        {
            var (rule, error) = ReadRule(result, o, RuleAction.Block, result.GetValue(pattern)!);
            if (rule is null || result.GetValue(days) < 1)
            {
                Console.Error.WriteLine($"rules test: {error ?? $"--days is a number of days, at least 1, not {result.GetValue(days)}"}");
                return CommandLine.UsageError;
            }
            using var host = await CliHost.StartAsync(overrides, ct);
            var n = result.GetValue(days);
            var test = await host.Services.GetRequiredService<RulesService>().TestAsync(rule, n, ct);
            foreach (var m in test.Matches)
                Console.WriteLine($"match  {m.FirstSeenAt:yyyy-MM-dd HH:mm}Z  {m.Title}  ({m.FeedUrl})");
            foreach (var note in test.Notes) Console.WriteLine($"note: {note}");
            Console.WriteLine($"{test.Matches.Count} of {test.Covered} articles in {rule.Scope} from the last {n} days match; "
                + $"as a block rule it would hide those {test.Matches.Count}, as a keep rule the other {test.Covered - test.Matches.Count}");
            return 0;
        });
        return command;
    }
}
