using System.Text;
using FeedAggregator.Parse;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// The conformance kit's parser contract over <see cref="FeedParser"/>, for checking the in-process
/// conformance test against the official runner: <c>parse FILE [URL]</c> or <c>parse --batch</c>
/// (FILE or FILE&lt;TAB&gt;URL lines on stdin, one JSON line out per line, flushed).
/// </summary>
internal static class ParseCommand
{
    public static int Run(string[] args)
    {
        var parser = new FeedParser();
        using var stdout = Console.OpenStandardOutput();
        if (args.Length > 0 && args[0] == "--batch")
        {
            using var stdin = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
            while (stdin.ReadLine() is { } line)
            {
                if (line.Length == 0) continue;
                var tab = line.IndexOf('\t');
                var file = tab < 0 ? line : line[..tab];
                var url = tab < 0 ? null : line[(tab + 1)..];
                WriteLine(stdout, Answer(parser, file, url));
            }
            return 0;
        }
        if (args.Length == 0) return 2;
        WriteLine(stdout, Answer(parser, args[0], args.Length > 1 ? args[1] : null));
        return 0;
    }

    private static string Answer(FeedParser parser, string file, string? url)
    {
        try
        {
            var baseUri = !string.IsNullOrWhiteSpace(url) && Uri.TryCreate(url, UriKind.Absolute, out var u) ? u : null;
            return ParsedFeedJson.Write(parser.Parse(File.ReadAllBytes(file), baseUri));
        }
        catch (FeedParseException e)
        {
            return ParsedFeedJson.Error(e.Message);
        }
        catch (IOException e)
        {
            return ParsedFeedJson.Error(e.Message);
        }
    }

    private static void WriteLine(Stream stdout, string json)
    {
        stdout.Write(Encoding.UTF8.GetBytes(json + "\n"));
        stdout.Flush();
    }
}
