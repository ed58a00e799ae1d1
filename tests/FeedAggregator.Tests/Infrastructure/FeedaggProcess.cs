using System.Diagnostics;

namespace FeedAggregator.Tests.Infrastructure;

/// <summary>Runs the built `feedagg` executable as a user would, in its own process.</summary>
public static class FeedaggProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Starts `feedagg` without waiting for it (the service); the caller kills it.</summary>
    public static Process StartLongRunning(string workingDirectory, params string[] args) => StartLongRunning(workingDirectory, null, args);

    /// <summary>Same, keeping every line it writes (stdout and stderr) in <paramref name="output"/>.</summary>
    public static Process StartLongRunning(string workingDirectory, System.Collections.Concurrent.ConcurrentQueue<string>? output, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        AllowLoopbackFeeds(psi);
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "feedagg.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        // Drain the output so a chatty service never blocks on a full pipe.
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output?.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output?.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Sends SIGTERM, as systemd or docker stop do, and waits for the exit code.</summary>
    public static async Task<int> TerminateAsync(Process process, TimeSpan within)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(within);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    public static Task<Result> RunAsync(string workingDirectory, params string[] args) => RunWithInputAsync(workingDirectory, null, args);

    public static Task<Result> RunWithInputAsync(string workingDirectory, string? stdin, params string[] args) =>
        RunWithEnvironmentAsync(workingDirectory, stdin, new Dictionary<string, string>(), args);

    /// <summary>Runs with extra environment variables (e.g. FEEDAGG_Section__Key settings) for that process only.</summary>
    public static async Task<Result> RunWithEnvironmentAsync(string workingDirectory, string? stdin, IReadOnlyDictionary<string, string> environment,
        params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "feedagg.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        AllowLoopbackFeeds(psi);
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        using var process = Process.Start(psi)!;
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"feedagg {string.Join(' ', args)} did not finish: {await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The feeds of the tests are served on 127.0.0.1, which the SSRF guard refuses by default; a test of the
    /// guard passes --Polling:AllowPrivateNetworks=false (the command line wins over the environment).</summary>
    // Environment settings rank below command-line ones, so a test's own --Stories:Method=semantic still wins; the
    // model-free method otherwise, as in ServiceHost.
    private static void AllowLoopbackFeeds(ProcessStartInfo psi)
    {
        psi.Environment["FEEDAGG_Polling__AllowPrivateNetworks"] = "true";
        psi.Environment["FEEDAGG_Stories__Method"] = "lexical";
    }
}
