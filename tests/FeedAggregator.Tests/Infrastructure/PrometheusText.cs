using System.Globalization;
using System.Text.RegularExpressions;

namespace FeedAggregator.Tests.Infrastructure;

/// <summary>A strict reader of the Prometheus text exposition format (version 0.0.4): every line must be a HELP or TYPE
/// comment or a well-formed sample of a declared family; a series appears once; a histogram's buckets are cumulative,
/// end with le="+Inf", and that bucket equals its _count. Throws <see cref="FormatException"/> naming the line.</summary>
public static partial class PrometheusText
{
    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"\G\s*([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\\n]|\\[\\""n])*)""\s*(,|(?=\}))")]
    private static partial Regex Label();

    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    /// <summary>Series ("name{a="x",b="y"}" with labels sorted, or "name") to value.</summary>
    public static Dictionary<string, double> Parse(string text)
    {
        var types = new Dictionary<string, string>();
        var series = new Dictionary<string, double>();
        var lines = text.Split('\n');
        if (lines[^1] != "") throw new FormatException("the exposition must end with a newline");
        for (var n = 0; n < lines.Length - 1; n++)
        {
            var line = lines[n];
            string Where() => $"line {n + 1}: {line}";
            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 3 && parts[1] == "TYPE")
                {
                    if (!MetricName().IsMatch(parts[2]) || parts.Length != 4 || !Types.Contains(parts[3])) throw new FormatException($"bad TYPE, {Where()}");
                    if (!types.TryAdd(parts[2], parts[3])) throw new FormatException($"TYPE declared twice, {Where()}");
                }
                else if (parts.Length >= 3 && parts[1] == "HELP" && !MetricName().IsMatch(parts[2])) throw new FormatException($"bad HELP, {Where()}");
                continue;
            }
            if (line.Length == 0) throw new FormatException($"empty line inside the exposition, {Where()}");
            var brace = line.IndexOf('{');
            var space = line.IndexOf(' ');
            var name = line[..(brace >= 0 && brace < space ? brace : space)];
            if (!MetricName().IsMatch(name)) throw new FormatException($"bad metric name, {Where()}");
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var rest = line[name.Length..];
            if (rest.StartsWith('{'))
            {
                var end = 1;
                Match m;
                while ((m = Label().Match(rest, end)).Success && m.Index == end)
                {
                    if (!labels.TryAdd(m.Groups[1].Value, m.Groups[2].Value)) throw new FormatException($"label repeated, {Where()}");
                    end = m.Index + m.Length;
                }
                if (end >= rest.Length || rest[end] != '}') throw new FormatException($"bad labels, {Where()}");
                rest = rest[(end + 1)..];
            }
            var fields = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!rest.StartsWith(' ') || fields.Length is < 1 or > 2 || !TryValue(fields[0], out var value))
                throw new FormatException($"bad value, {Where()}");
            var family = Family(name, types);
            if (family is null) throw new FormatException($"sample of an undeclared family, {Where()}");
            var key = name + (labels.Count == 0 ? "" : "{" + string.Join(",", labels.Select(l => $"{l.Key}=\"{l.Value}\"")) + "}");
            if (!series.TryAdd(key, value)) throw new FormatException($"series repeated, {Where()}");
        }
        CheckHistograms(types, series);
        return series;
    }

    private static string? Family(string name, Dictionary<string, string> types)
    {
        if (types.ContainsKey(name)) return name;
        foreach (var suffix in new[] { "_bucket", "_sum", "_count", "_total", "_created" })
            if (name.EndsWith(suffix) && types.TryGetValue(name[..^suffix.Length], out var t) && (t is "histogram" or "summary" || suffix is "_total" or "_created"))
                return name[..^suffix.Length];
        return null;
    }

    private static bool TryValue(string s, out double value)
    {
        switch (s)
        {
            case "+Inf": value = double.PositiveInfinity; return true;
            case "-Inf": value = double.NegativeInfinity; return true;
            case "NaN": value = double.NaN; return true;
            default: return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static void CheckHistograms(Dictionary<string, string> types, Dictionary<string, double> series)
    {
        foreach (var (family, _) in types.Where(t => t.Value == "histogram"))
        {
            var buckets = series.Where(s => s.Key.StartsWith(family + "_bucket{")).ToList();
            foreach (var group in buckets.GroupBy(b => Regex.Replace(b.Key, @"le=""[^""]*"",?", "").Replace(",}", "}")))
            {
                var ordered = group.Select(b => (Le: Le(b.Key), Count: b.Value)).OrderBy(b => b.Le).ToList();
                if (!double.IsPositiveInfinity(ordered[^1].Le)) throw new FormatException($"{group.Key}: no le=\"+Inf\" bucket");
                for (var i = 1; i < ordered.Count; i++)
                    if (ordered[i].Count < ordered[i - 1].Count) throw new FormatException($"{group.Key}: buckets not cumulative");
                var countKey = group.Key.Replace(family + "_bucket", family + "_count").Replace("{}", "");
                if (!series.TryGetValue(countKey, out var count) || count != ordered[^1].Count)
                    throw new FormatException($"{group.Key}: +Inf bucket differs from {countKey}");
            }
        }

        static double Le(string key)
        {
            var le = Regex.Match(key, @"le=""([^""]*)""").Groups[1].Value;
            return TryValue(le, out var v) ? v : throw new FormatException($"bad le in {key}");
        }
    }
}
