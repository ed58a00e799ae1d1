using System.CommandLine;
using FeedAggregator.Setup;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Cli;

/// <summary>The `feedagg` verbs (shared/DESIGN.md §4). `run` is the default. Exit codes: 0 ok, 1 usage error (a wrong
/// verb, option or argument), 2 runtime error (a bad setting, a feed that cannot be fetched, a file that cannot be
/// read); an error is one line on stderr, with the stack trace only under --verbose.</summary>
public static class CommandLine
{
    public const int Ok = 0;
    public const int UsageError = 1;
    public const int RuntimeError = 2;

    private const string SettingsHelp = """
        Settings: every configuration key can be given after the verb as --Section:Key=value (e.g. --Storage:Path=/tmp/feedagg.db,
        --Polling:Concurrency=4) or as an environment variable FEEDAGG_Section__Key (e.g. FEEDAGG_Smtp__Host=mail.example.org);
        see the README's Configuration table. Relative paths resolve against the working directory.
        Exit codes: 0 ok, 1 usage error, 2 runtime error (bad setting, unreachable feed, unreadable file). --verbose: stack traces.
        """;

    public static async Task<int> InvokeAsync(string[] args)
    {
        var (verbArgs, overrides) = ConfigOverrides.Split(args);
        var verbose = verbArgs.Contains("--verbose");
        verbArgs = verbArgs.Where(a => a != "--verbose").ToArray();
        var root = new RootCommand("FeedAggregator: polls feeds, merges them into one, builds a daily digest")
        {
            RunCommand.Create(overrides),
            PollCommand.Create(overrides),
            ParseCommand.Create(),
            FeedsCommand.Create(overrides),
            StoriesCommand.Create(overrides),
            DigestCommand.Create(overrides),
            RulesCommand.Create(overrides),
        };
        root.Options.Add(new Option<bool>("--verbose") { Description = "Print stack traces of errors", Recursive = true });
        AppendSettingsHelp(root);
        // No verb (or only options such as --urls) means `run`.
        if (verbArgs.Length == 0 || verbArgs[0].StartsWith('-') && verbArgs[0] is not ("-h" or "--help" or "-?" or "--version"))
            verbArgs = ["run", .. verbArgs];
        try
        {
            // The host handles SIGTERM and Ctrl+C itself (a graceful stop of `run`, exit code 0); System.CommandLine's
            // own handler would end the process after a short grace period instead.
            return await root.Parse(verbArgs).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (Exception e) when (Problems(e) is { } problems)
        {
            foreach (var p in problems) Console.Error.WriteLine(p);
            if (verbose) Console.Error.WriteLine(e);
            return RuntimeError;
        }
    }

    /// <summary>What to print for an error that ends a verb: bad settings one line each, anything else its message.</summary>
    private static IEnumerable<string>? Problems(Exception e) => e switch
    {
        SettingsException s => s.Problems,
        OptionsValidationException o => o.Failures,
        AggregateException { InnerExceptions.Count: 1 } a => Problems(a.InnerException!),
        OperationCanceledException => ["cancelled"],
        _ => [$"error: {e.GetType().Name}: {e.Message}"],
    };

    /// <summary>Every verb's --help ends with how to give settings and what the exit codes mean.</summary>
    private static void AppendSettingsHelp(RootCommand root)
    {
        var help = root.Options.OfType<System.CommandLine.Help.HelpOption>().Single();
        help.Action = new HelpWithEpilog((System.CommandLine.Invocation.SynchronousCommandLineAction)help.Action!);
    }

    private sealed class HelpWithEpilog(System.CommandLine.Invocation.SynchronousCommandLineAction help) : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var code = help.Invoke(parseResult);
            parseResult.InvocationConfiguration.Output.WriteLine(SettingsHelp);
            return code;
        }
    }
}
