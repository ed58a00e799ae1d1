using System.CommandLine;
using System.Text;
using FeedAggregator.Parse;

namespace FeedAggregator.Cli;

/// <summary>`parse`: the normalized JSON of feed files (shared/conformance/CONTRACT.md), one object per line.
/// Also the user's tool for "why does this feed look wrong here?": a broken file answers {"error": ...}.</summary>
public static class ParseCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Arity = ArgumentArity.ZeroOrMore, Description = "Feed files" };
        var baseUrl = new Option<string?>("--base-url") { Description = "Where the files were fetched from: the base for relative links" };
        var batch = new Option<bool>("--batch") { Description = "Read FILE or FILE<TAB>URL lines from stdin; one JSON line out per line in" };
        var command = new Command("parse", "Print the normalized JSON of feed files") { files, baseUrl, batch };
        command.SetAction(async (result, ct) =>
        {
            var parser = new FeedParser();
            var defaultBase = ToUri(result.GetValue(baseUrl));
            await using var stdout = Console.OpenStandardOutput();
            if (result.GetValue(batch))
            {
                using var stdin = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
                while (await stdin.ReadLineAsync(ct) is { } line)
                {
                    if (line.Length == 0) continue;
                    var tab = line.IndexOf('\t');
                    var (path, url) = tab < 0 ? (line, defaultBase) : (line[..tab], ToUri(line[(tab + 1)..]) ?? defaultBase);
                    await WriteLineAsync(stdout, ParseOne(parser, path, url), ct);
                }
                return 0;
            }
            var paths = result.GetValue(files) ?? [];
            if (paths.Length == 0)
            {
                Console.Error.WriteLine("parse: give one or more FILEs, or --batch");
                return CommandLine.UsageError;
            }
            var failed = 0;
            foreach (var path in paths)
            {
                var json = ParseOne(parser, path, defaultBase);
                if (json.StartsWith("{\"error\"", StringComparison.Ordinal)) failed++;
                await WriteLineAsync(stdout, json, ct);
            }
            // A file that cannot be read or parsed is a runtime error; every file still gets its line.
            return failed == 0 ? CommandLine.Ok : CommandLine.RuntimeError;
        });
        return command;
    }

    private static string ParseOne(FeedParser parser, string path, Uri? url)
    {
        try
        {
            return ParsedFeedJson.Write(parser.Parse(File.ReadAllBytes(path), url, null, new Polling.PollingOptions().ParseTimeout, default));
        }
        catch (FeedParseException e)
        {
            return ParsedFeedJson.Error(e.Message);
        }
        catch (IOException e)
        {
            return ParsedFeedJson.Error($"cannot read {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return ParsedFeedJson.Error($"cannot read {path}: {e.Message}");
        }
    }

    private static async Task WriteLineAsync(Stream stdout, string json, CancellationToken ct)
    {
        await stdout.WriteAsync(Encoding.UTF8.GetBytes(json + "\n"), ct);
        await stdout.FlushAsync(ct);
    }

    private static Uri? ToUri(string? s) => Uri.TryCreate(s, UriKind.Absolute, out var u) ? u : null;
}
