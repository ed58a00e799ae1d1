using System.Diagnostics;
using System.Globalization;

namespace FeedAggregator.Benchmarks;

/// <summary>What the farm and serve benchmarks share: the repository and the shared kit beside it, child processes
/// measured by GNU time (wall, CPU, peak RSS of the process itself), and the feedagg executable built beside this one.</summary>
internal static class BenchTools
{
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FeedAggregator.sln"))) return dir.FullName;
        throw new InvalidOperationException("FeedAggregator.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>../shared/bench beside the repository (make-farm.py, serve-farm.sh), or null on a bare clone.</summary>
    public static string? SharedBench()
    {
        var dir = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "bench"));
        return File.Exists(Path.Combine(dir, "make-farm.py")) ? dir : null;
    }

    public static string FeedaggDll => Path.Combine(AppContext.BaseDirectory, "feedagg.dll");

    /// <summary>The environment every shipped launcher gives feedagg (src/FeedAggregator/Properties/launchSettings.json
    /// for `dotnet run`; deploy/feedagg.service and the Dockerfile carry the same): the benchmarks run it as shipped.</summary>
    public static IReadOnlyDictionary<string, string> ShippedEnvironment { get; } = ReadShippedEnvironment();

    private static Dictionary<string, string> ReadShippedEnvironment()
    {
        var file = Path.Combine(RepoRoot(), "src", "FeedAggregator", "Properties", "launchSettings.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        return json.RootElement.GetProperty("profiles").GetProperty("feedagg").GetProperty("environmentVariables")
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
    }

    /// <summary>Adds <see cref="ShippedEnvironment"/> to a feedagg process about to start.</summary>
    public static ProcessStartInfo AsShipped(this ProcessStartInfo psi)
    {
        foreach (var (name, value) in ShippedEnvironment) psi.Environment[name] = value;
        return psi;
    }

    public static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    public sealed record Timed(double Wall, double Cpu, double PeakRssMb, int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs a program to its end under /usr/bin/time.</summary>
    public static Timed RunTimed(string workingDirectory, string program, IEnumerable<string> args, bool asShipped = false)
    {
        var report = Path.GetTempFileName();
        try
        {
            var psi = new ProcessStartInfo("/usr/bin/time")
            {
                WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            foreach (var a in new[] { "-f", "%e %U %S %M", "-o", report, program }.Concat(args)) psi.ArgumentList.Add(a);
            if (asShipped) psi.AsShipped();
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            var f = File.ReadAllLines(report).Last().Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            return new Timed(f[0], f[1] + f[2], f[3] / 1024, p.ExitCode, stdout.Result, stderr.Result);
        }
        finally
        {
            File.Delete(report);
        }
    }

    public static (int ExitCode, string Output) Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    public static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>Options after the mode name: --name value pairs, and any number of --set Section:Key=value.</summary>
    public static (Dictionary<string, string> Options, List<string> Settings) Parse(string[] args, params string[] flags)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var settings = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected {args[i]}");
            var name = args[i][2..];
            if (flags.Contains(name)) { options[name] = "true"; continue; }
            if (i + 1 >= args.Length) throw new ArgumentException($"--{name} needs a value");
            if (name == "set") settings.Add("--" + args[++i]);
            else options[name] = args[++i];
        }
        return (options, settings);
    }

    public static int Int(this Dictionary<string, string> o, string name, int fallback) =>
        o.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
