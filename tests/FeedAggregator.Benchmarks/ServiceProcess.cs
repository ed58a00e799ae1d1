using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Benchmarks;

/// <summary>`feedagg run` as its own process on a free loopback port, as a user runs it; the benchmark reads its
/// SQLite file beside it (read-only) to see how far its polling pass got.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    public string BaseUrl { get; }
    public string DbPath { get; }

    private ServiceProcess(Process process, string baseUrl, string dbPath) { _process = process; BaseUrl = baseUrl; DbPath = dbPath; }

    public static async Task<ServiceProcess> StartAsync(string workDir, string dbPath, string opml, IEnumerable<string> settings)
    {
        var port = BenchTools.FreePort();
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { BenchTools.FeedaggDll, "run", "--urls", $"http://127.0.0.1:{port}", $"--Storage:Path={dbPath}", $"--Feeds:Opml={opml}",
                     "--Retention:Days=0", "--Polling:AllowPrivateNetworks=true", "--Polling:Tick=00:00:01", "--Logging:LogLevel:Default=Warning" }.Concat(settings))
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi.AsShipped())!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("fail", StringComparison.OrdinalIgnoreCase)) Console.Error.WriteLine("  service: " + line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process, $"http://127.0.0.1:{port}", dbPath);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"feedagg run exited with {process.ExitCode}");
            try { if ((await http.GetAsync(service.BaseUrl + "/healthz")).IsSuccessStatusCode) return service; }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("feedagg run did not answer /healthz");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until every feed was polled once; the pass time is first to last poll as the service recorded it.</summary>
    public async Task<double> WaitForFirstPassAsync(int feeds, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var cs = new SqliteConnectionStringBuilder { DataSource = DbPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            try
            {
                await using var c = new SqliteConnection(cs);
                await c.OpenAsync();
                await using var cmd = c.CreateCommand();
                cmd.CommandText = "SELECT count(*), coalesce(min(last_polled_at), 0), coalesce(max(last_polled_at), 0) FROM feeds WHERE last_polled_at IS NOT NULL";
                await using var r = await cmd.ExecuteReaderAsync();
                await r.ReadAsync();
                if (r.GetInt64(0) >= feeds) return (r.GetInt64(2) - r.GetInt64(1)) / 1000.0;
            }
            catch (SqliteException) { } // not created yet
        }
        throw new TimeoutException("the first pass did not finish");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            BenchTools.Run("kill", "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
    }
}
