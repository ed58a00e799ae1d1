using System.Globalization;
using System.Text.RegularExpressions;

namespace FeedAggregator.Benchmarks;

/// <summary>Debian's wrk, beside the service: requests/s, latency percentiles, errors. Conditional requests are a Lua
/// script that sends back the last ETag each connection saw, as a reader re-polling does.</summary>
internal static partial class Wrk
{
    public sealed record Result(string Name, double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors, string Raw);

    public enum Mode { Plain, Gzip, Conditional }

    public static bool Available => File.Exists("/usr/bin/wrk") || BenchTools.OnPath("wrk");

    public static async Task<Result> RunAsync(string name, string url, int connections, int seconds, Mode mode)
    {
        var script = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(script, mode switch
            {
                Mode.Gzip => """wrk.headers["Accept-Encoding"] = "gzip" """,
                Mode.Conditional => """
                    wrk.headers["Accept-Encoding"] = "gzip"
                    local etag = nil
                    request = function()
                      if etag then wrk.headers["If-None-Match"] = etag end
                      return wrk.format()
                    end
                    response = function(status, headers, body)
                      local tag = headers["ETag"] or headers["Etag"] or headers["etag"]
                      if tag then etag = tag end
                    end
                    """,
                _ => "",
            });
            var threads = Math.Min(2, connections);
            var (_, output) = await Task.Run(() => BenchTools.Run("wrk", "-t", threads.ToString(CultureInfo.InvariantCulture),
                "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "--latency", "--timeout", "5s", "-s", script, url));
            return Parse(name, output);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static Result Parse(string name, string output)
    {
        double Ms(string percent)
        {
            var m = Regex.Match(output, $@"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!m.Success) return double.NaN;
            var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
        }
        var rps = Regex.Match(output, @"Requests/sec:\s+([\d.]+)");
        var total = Regex.Match(output, @"(\d+) requests in");
        long errors = 0;
        var socket = Regex.Match(output, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)");
        if (socket.Success) errors += Enumerable.Range(1, 4).Sum(i => long.Parse(socket.Groups[i].Value, CultureInfo.InvariantCulture));
        var non2xx = Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)");
        if (non2xx.Success) errors += long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture);
        return new Result(name, rps.Success ? double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture) : 0, Ms("50"), Ms("99"),
            total.Success ? long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture) : 0, errors, output);
    }

    public static string Header => $"{"load",-34} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"requests",10} {"errors",7}";

    public static string Row(Result r) => $"{r.Name,-34} {r.RequestsPerSecond,9:0} {r.P50Ms,8:0.00} {r.P99Ms,8:0.00} {r.Requests,10} {r.Errors,7}";
}
