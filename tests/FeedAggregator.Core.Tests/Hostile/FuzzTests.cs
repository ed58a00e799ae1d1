using System.Text;
using FeedAggregator.Parse;

namespace FeedAggregator.Core.Tests.Hostile;

/// <summary>Issue 12 point 8: a property-based mutation fuzzer for the parse and sanitize stages. Property: on a
/// pool-sized stack, any mutation of a real feed either parses or fails with <see cref="FeedParseException"/>, within
/// the parse budget. Seeded, so a run is repeatable; scripts/fuzz.sh runs it for a fixed time (FEEDAGG_FUZZ_SECONDS).
/// A failing input is written to FuzzFindings/ and from then on replayed by the regression theory below.</summary>
public sealed class FuzzTests
{
    private static readonly FeedParser Parser = new();
    private static readonly string[] Tokens =
    [
        "<div>", "</div>", "<b>", "</b>", "<p>", "<![CDATA[", "]]>", "<!--", "-->", "&", "&amp;", "&#0;", "&#xD800;", "&nbsp;",
        "<", ">", "\"", "'", "xmlns:x=\"\"", "<x:y>", "</item>", "<item>", "<entry>", "<?xml version=\"1.0\"?>", "<!DOCTYPE x [<!ENTITY a \"b\">]>",
        "&lt;script&gt;", "&lt;div&gt;", "<content:encoded>", "{", "}", "[", "]", "\"items\":", "\u0000", "\uFFFE", "\u00e9",
    ];

    private static readonly string FindingsDir = Path.Combine(AppContext.BaseDirectory, "Hostile", "FuzzFindings");

    [Fact]
    public void Mutated_real_feeds_parse_or_fail_with_a_parse_error_within_the_budget()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("FEEDAGG_FUZZ_SECONDS"), out var s) ? s : 0;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FEEDAGG_FUZZ_SEED"), out var sd) ? sd : 12;
        var corpus = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestFeeds")).Select(File.ReadAllBytes).ToArray();
        var random = new Random(seed);
        var until = DateTime.UtcNow.AddSeconds(seconds);
        int runs = 0;
        var failures = new List<string>();
        while (seconds > 0 ? DateTime.UtcNow < until : runs < 200)
        {
            var input = Mutate(corpus[random.Next(corpus.Length)], random);
            runs++;
            if (Check(input) is { } problem)
            {
                var name = $"finding-{seed}-{runs}.bin";
                try { File.WriteAllBytes(Path.Combine(SourceFindingsDir() ?? FindingsDir, name), input); } catch (IOException) { }
                failures.Add($"{name}: {problem}");
            }
        }
        Console.WriteLine($"fuzz: {runs} inputs, seed {seed}, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    public static TheoryData<string> Findings()
    {
        var data = new TheoryData<string>();
        if (Directory.Exists(FindingsDir)) foreach (var f in Directory.GetFiles(FindingsDir, "*.bin")) data.Add(Path.GetFileName(f));
        if (data.Count == 0) data.Add("");
        return data;
    }

    [Theory]
    [MemberData(nameof(Findings))]
    public void Every_past_fuzz_finding_parses_or_fails_with_a_parse_error(string file)
    {
        if (file.Length == 0) return; // no findings stored yet
        Assert.Null(Check(File.ReadAllBytes(Path.Combine(FindingsDir, file))));
    }

    /// <summary>Null when the property holds; else what went wrong.</summary>
    private static string? Check(byte[] input)
    {
        string? problem = null;
        var thread = new Thread(() =>
        {
            try { Parser.Parse(input, new Uri("https://fuzz.example/feed"), null, TimeSpan.FromSeconds(10), default); }
            catch (FeedParseException) { }
            catch (Exception e) { problem = $"{e.GetType().Name}: {e.Message}"; }
        }, 1024 * 1024);
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(30))) return "hang: no answer within 30 s";
        return problem;
    }

    private static byte[] Mutate(byte[] seed, Random r)
    {
        var s = Encoding.UTF8.GetString(seed);
        var sb = new StringBuilder(s);
        for (int n = r.Next(1, 8); n > 0; n--)
        {
            int at = r.Next(sb.Length + 1);
            switch (r.Next(5))
            {
                case 0: sb.Insert(at, Tokens[r.Next(Tokens.Length)]); break;
                case 1: if (at < sb.Length) sb.Remove(at, Math.Min(r.Next(1, 40), sb.Length - at)); break;
                case 2:
                    int from = r.Next(sb.Length), len = Math.Min(r.Next(1, 400), sb.Length - from);
                    var slice = sb.ToString(from, len);
                    for (int k = r.Next(1, 50); k > 0; k--) sb.Insert(at, slice);
                    break;
                case 3: sb.Insert(at, string.Concat(Enumerable.Repeat(Tokens[r.Next(4)], r.Next(100, 3000)))); break;
                default: sb.Insert(at, (char)r.Next(0, 0x3000)); break;
            }
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    // When run from the repository, findings go next to the sources so that they can be committed.
    private static string? SourceFindingsDir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "tests", "FeedAggregator.Core.Tests", "Hostile", "FuzzFindings");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
