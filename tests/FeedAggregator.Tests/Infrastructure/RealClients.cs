using System.Diagnostics;

namespace FeedAggregator.Tests.Infrastructure;

/// <summary>The real readers of the shared client kit (W3C feed validator, feedparser, newsboat, rss-parser,
/// feed-extractor, smtp-capture, eml-screenshot), as installed and exported by scripts/test-setup/40-clients.sh:
/// FEEDAGG_CLIENTS (the kit's folder), FEEDVALIDATOR_DIR and NODE_READERS_DIR.</summary>
public static class RealClients
{
    public static string? Dir => Environment.GetEnvironmentVariable("FEEDAGG_CLIENTS") is { Length: > 0 } d && Directory.Exists(d) ? d : null;

    /// <summary>Why the client tests cannot run here, or null when they can.</summary>
    public static string? Unavailable => Dir is null
        ? "the real clients are not set up: FEEDAGG_CLIENTS is unset (./test.sh sets it when ../shared/clients exists beside the repository)"
        : null;

    public sealed record Run(int ExitCode, string Output)
    {
        /// <summary>The one-line verdict every client prints last.</summary>
        public string Verdict => Output.TrimEnd().Split('\n')[^1].Trim();
        public IEnumerable<string> Lines => Output.Split('\n').Select(l => l.TrimEnd('\r'));
    }

    /// <summary>Runs one of the kit's scripts; stdout and stderr together, as a person at a terminal sees them.</summary>
    public static Task<Run> RunAsync(string script, params string[] args) => RunProgramAsync(Path.Combine(Dir!, script), args);

    public static async Task<Run> RunProgramAsync(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish");
        }
        var err = await stderr;
        return new Run(process.ExitCode, (err.Length > 0 ? err + "\n" : "") + await stdout);
    }
}

/// <summary>A fact that needs the real clients: skipped, with the reason, where they are not set up.</summary>
public sealed class ClientsFactAttribute : FactAttribute
{
    public ClientsFactAttribute()
    {
        if (RealClients.Unavailable is { } why) Skip = why;
    }
}
