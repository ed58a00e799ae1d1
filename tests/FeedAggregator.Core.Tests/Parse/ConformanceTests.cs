using System.Globalization;
using System.Text;
using System.Text.Json;
using FeedAggregator.Parse;
using Xunit.Abstractions;

namespace FeedAggregator.Core.Tests.Parse;

/// <summary>
/// Runs every case of the conformance corpus (Conformance/cases.json, from the shared kit) through
/// <see cref="FeedParser"/> in-process, compares as the kit's run.py does, prints the per-group
/// table, and holds the issue's bar: at least 95 % overall and no group below 85 %.
/// </summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    private const double TotalBar = 0.95;
    private const double GroupBar = 0.85;

    [Fact]
    public void Conformance_suite_passes_the_bar()
    {
        var kit = LocateKit();
        using var cases = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(kit, "cases.json")));
        var parser = new FeedParser();
        var perGroup = new SortedDictionary<string, (int Passed, int Total)>(StringComparer.Ordinal);
        var failures = new List<string>();

        foreach (var c in cases.RootElement.GetProperty("cases").EnumerateArray())
        {
            var file = c.GetProperty("file").GetString()!;
            var group = c.TryGetProperty("group", out var g) ? g.GetString()! : c.GetProperty("folder").GetString()!;
            var reasons = Judge(parser, kit, c, file);
            var (p, t) = perGroup.GetValueOrDefault(group);
            perGroup[group] = (p + (reasons.Count == 0 ? 1 : 0), t + 1);
            if (reasons.Count > 0) failures.Add($"FAIL {file}\n    {string.Join("\n    ", reasons)}");
        }

        var table = Table(perGroup);
        output.WriteLine(table);
        Console.WriteLine(table);
        foreach (var f in failures) output.WriteLine(f);

        int passed = perGroup.Values.Sum(v => v.Passed), total = perGroup.Values.Sum(v => v.Total);
        Assert.True(total > 0, "cases.json holds no cases");
        Assert.True(passed >= TotalBar * total, $"conformance {passed}/{total} is below {TotalBar:P0}\n{table}");
        var weak = perGroup.Where(kv => kv.Value.Passed < GroupBar * kv.Value.Total).Select(kv => kv.Key).ToList();
        Assert.True(weak.Count == 0, $"groups below {GroupBar:P0}: {string.Join(", ", weak)}\n{table}");
    }

    private static List<string> Judge(FeedParser parser, string kit, JsonElement c, string file)
    {
        var urlText = c.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        var url = urlText is not null && Uri.TryCreate(urlText, UriKind.Absolute, out var uri) ? uri : null;
        string json;
        try
        {
            json = ParsedFeedJson.Write(parser.Parse(File.ReadAllBytes(Path.Combine(kit, "data", file)), url));
        }
        catch (FeedParseException e)
        {
            bool smokeBozo = c.TryGetProperty("smoke", out var s) && s.ValueKind == JsonValueKind.True
                && c.TryGetProperty("bozo", out var b) && b.ValueKind == JsonValueKind.True;
            return smokeBozo ? [] : [$"parser reported error: {e.Message}"];
        }
        using var doc = JsonDocument.Parse(json);
        var reasons = new List<string>();
        foreach (var check in c.GetProperty("checks").EnumerateArray())
        {
            var reason = ContractChecks.Check(doc.RootElement, check.GetProperty("path").GetString()!,
                check.GetProperty("op").GetString()!, check.GetProperty("value"));
            if (reason is not null) reasons.Add(reason);
        }
        return reasons;
    }

    /// <summary>The same layout as run.py's report.</summary>
    internal static string Table(IReadOnlyDictionary<string, (int Passed, int Total)> perGroup)
    {
        int w = Math.Max(5, perGroup.Keys.Max(k => k.Length));
        var sb = new StringBuilder();
        string Row(string name, string passed, string total, string rate) =>
            $"{name.PadRight(w)} {passed,8} {total,8} {rate,7}";
        string Rate(int p, int t) => (100.0 * p / t).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        sb.AppendLine(Row("folder", "passed", "total", "rate"));
        foreach (var (k, (p, t)) in perGroup) sb.AppendLine(Row(k, p.ToString(CultureInfo.InvariantCulture), t.ToString(CultureInfo.InvariantCulture), Rate(p, t)));
        int tp = perGroup.Values.Sum(v => v.Passed), tt = perGroup.Values.Sum(v => v.Total);
        sb.AppendLine(Row("TOTAL", tp.ToString(CultureInfo.InvariantCulture), tt.ToString(CultureInfo.InvariantCulture), Rate(tp, tt)));
        sb.Append(CultureInfo.InvariantCulture, $"conformance: {tp} passed, {tt - tp} failed");
        return sb.ToString();
    }

    /// <summary>The corpus copied into this project (Conformance/, test data with its licence), beside the test assembly.</summary>
    private static string LocateKit()
    {
        var kit = Path.Combine(AppContext.BaseDirectory, "Conformance");
        Assert.True(File.Exists(Path.Combine(kit, "cases.json")), $"conformance corpus not found: expected {kit}/cases.json (copied from tests/FeedAggregator.Core.Tests/Conformance)");
        return kit;
    }
}
