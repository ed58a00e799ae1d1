using System.Diagnostics;
using System.Text.Json;

namespace FeedAggregator.Tests.Infrastructure;

/// <summary>The Prometheus project's own Python client (Debian's python3-prometheus-client, installed by
/// scripts/test-setup/30-prometheus-client.sh): its exposition-format parser reads /metrics as a scraper would, beside
/// the tests' strict <see cref="PrometheusText"/> reader.</summary>
public static class PrometheusClient
{
    // Debian's interpreter, where the Debian package installs the module (not a python3 of another installation first on PATH).
    private const string Python = "/usr/bin/python3";

    // Each sample as "name{a="x",b="y"}" (labels sorted, as PrometheusText keys them) to its value.
    private const string Script = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        out = {}
        for family in text_string_to_metric_families(open(sys.argv[1], encoding="utf-8").read()):
            for s in family.samples:
                labels = ",".join('%s="%s"' % (k, v) for k, v in sorted(s.labels.items()))
                out[s.name + ("{%s}" % labels if labels else "")] = s.value
        print(json.dumps(out))
        """;

    private static readonly Lazy<string?> Why = new(() =>
    {
        try
        {
            using var check = Process.Start(new ProcessStartInfo(Python, ["-c", "import prometheus_client.parser"]) { RedirectStandardError = true })!;
            check.WaitForExit();
            return check.ExitCode == 0 ? null : "the prometheus_client Python module is not installed (Debian python3-prometheus-client; ./test.sh installs it as root)";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return $"no {Python} (Debian python3 with python3-prometheus-client; ./test.sh installs it as root)";
        }
    });

    /// <summary>Why the client cannot be used here, or null when it can.</summary>
    public static string? Unavailable => Why.Value;

    /// <summary>The samples of <paramref name="exposition"/> as the client's parser reads them; a parse error fails.</summary>
    public static async Task<Dictionary<string, double>> ParseAsync(string exposition, TempDir dir)
    {
        var file = dir.File($"metrics-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, exposition);
        var run = await RealClients.RunProgramAsync(Python, "-c", Script, file);
        if (run.ExitCode != 0) throw new FormatException($"prometheus_client could not parse the exposition:\n{run.Output}");
        return JsonSerializer.Deserialize<Dictionary<string, double>>(run.Lines.Last(l => l.StartsWith('{')))!;
    }
}

/// <summary>A fact that needs the Prometheus Python client: skipped, with the reason, where it is not installed.</summary>
public sealed class PrometheusClientFactAttribute : FactAttribute
{
    public PrometheusClientFactAttribute()
    {
        if (PrometheusClient.Unavailable is { } why) Skip = why;
    }
}
