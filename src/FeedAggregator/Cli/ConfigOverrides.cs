namespace FeedAggregator.Cli;

/// <summary>Splits `--Section:Key=value` (or `--Section:Key value`) configuration overrides from the verb's own
/// arguments before System.CommandLine sees them: a key with a colon is never one of our options, and leaving it
/// to the parser would let `parse FILE...` swallow it as a file name.</summary>
public static class ConfigOverrides
{
    public static (string[] Verb, string[] Overrides) Split(string[] args)
    {
        var verb = new List<string>();
        var overrides = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            var isOverride = a.StartsWith("--", StringComparison.Ordinal) && a.IndexOf(':') is var colon and > 2
                && (a.IndexOf('=') is var eq && (eq < 0 || colon < eq));
            if (!isOverride) { verb.Add(a); continue; }
            overrides.Add(a);
            if (!a.Contains('=') && i + 1 < args.Length) overrides.Add(args[++i]);
        }
        return (verb.ToArray(), overrides.ToArray());
    }
}
