using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using FeedAggregator.Tests.Infrastructure;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests;

/// <summary>The README's run command on a fresh clone: the program started from the repository root with nothing but
/// the repository's layout finds config/, stores in data/, polls the starting feeds on its first run, logs as
/// documented, and stops cleanly on SIGTERM.</summary>
public sealed class FreshStartTests : IAsyncLifetime
{
    private readonly TempDir _root = new();
    private FeedFarm _farm = null!;

    public async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        // The repository's own config/appsettings.json, and a config/feeds.opml of test feeds in its place (the real
        // one lists public feeds, never for tests).
        Directory.CreateDirectory(Path.Combine(_root.Path, "config"));
        File.Copy(Path.Combine(RepositoryRoot(), "config", "appsettings.json"), Path.Combine(_root.Path, "config", "appsettings.json"));
        _farm.Serve("/start.rss", Rss("Starter", "https://start.example", new Item("s1", "A starting feed's story", DateTimeOffset.UtcNow.AddHours(-1))));
        File.WriteAllText(Path.Combine(_root.Path, "config", "feeds.opml"),
            $"""<?xml version="1.0"?><opml version="2.0"><body><outline text="Starter" xmlUrl="{_farm.Url("/start.rss").AbsoluteUri}"/></body></opml>""");
    }

    public async Task DisposeAsync()
    {
        await _farm.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task Started_from_the_repository_root_it_reads_config_stores_in_data_polls_the_starting_feeds_and_logs_one_line_per_pass_in_iso_time()
    {
        var output = new ConcurrentQueue<string>();
        var port = FreePort();
        // Only the test feed server's loopback address needs allowing (the SSRF guard); everything else is as shipped.
        using var run = FeedaggProcess.StartLongRunning(_root.Path, output, "--urls", $"http://127.0.0.1:{port}", "--Polling:AllowPrivateNetworks=true");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await ServiceHost.WaitUntilAsync(async () =>
            {
                try { return (await http.GetStringAsync("/feed.atom")).Contains("A starting feed"); }
                catch (HttpRequestException) { return false; }
            }, "the starting feed polled on the first run", seconds: 60);
            for (var i = 0; i < 5; i++) await http.GetStringAsync("/");
            await ServiceHost.WaitUntilAsync(() => Task.FromResult(output.Any(l => l.Contains("Poll pass done"))), "the pass's log line");
            // A line that carries a time inside its message (checked below).
            await ServiceHost.WaitUntilAsync(() => Task.FromResult(output.Any(l => l.Contains("Story cache"))), "the story stage's cache line");
        }
        finally
        {
            Assert.Equal(0, await FeedaggProcess.TerminateAsync(run, TimeSpan.FromSeconds(30)));
        }
        Assert.True(File.Exists(Path.Combine(_root.Path, "data", "feedagg.db")), "the database is data/feedagg.db under the working directory");
        var lines = output.ToList();
        Assert.Contains(lines, l => l.Contains("Synced " + Path.Combine("config", "feeds.opml")) && l.Contains("1 added"));
        var pass = Assert.Single(lines, l => l.Contains("Poll pass done"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info: ", pass);
        Assert.Contains("1 feeds, 1 new", pass);
        // Requests are not logged one by one (config's Logging filter, and the same defaults without a file).
        Assert.DoesNotContain(lines, l => l.Contains("Request starting") || l.Contains("Request finished"));
        // Times inside messages are ISO 8601 too (a DateTimeOffset logged without a format prints 01/04/2025 10:00:00).
        Assert.DoesNotContain(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"\b\d\d/\d\d/\d{4}\b"));
    }

    [Fact]
    public async Task A_missing_opml_file_is_a_warning_in_the_log_and_on_the_status_page()
    {
        File.Delete(Path.Combine(_root.Path, "config", "feeds.opml"));
        var output = new ConcurrentQueue<string>();
        var port = FreePort();
        using var run = FeedaggProcess.StartLongRunning(_root.Path, output, "--urls", $"http://127.0.0.1:{port}");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            string page = "";
            await ServiceHost.WaitUntilAsync(async () =>
            {
                try { page = await http.GetStringAsync("/"); return true; }
                catch (HttpRequestException) { return false; }
            }, "the status page", seconds: 60);
            Assert.Contains(Path.Combine(_root.Path, "config", "feeds.opml") + " (Feeds:Opml) does not exist", page);
        }
        finally
        {
            Assert.Equal(0, await FeedaggProcess.TerminateAsync(run, TimeSpan.FromSeconds(30)));
        }
        Assert.Contains(output, l => l.Contains(" warn: ") && l.Contains("(Feeds:Opml) does not exist"));
    }

    [Fact]
    public async Task An_opml_file_that_cannot_be_read_is_a_warning_on_the_status_page_and_unsubscribes_nothing()
    {
        var opml = _root.WriteOpml((_farm.Url("/start.rss").AbsoluteUri, "Starter", null));
        await using var host = await ServiceHost.StartAsync(_root, opml);
        await ServiceHost.WaitUntilAsync(async () => (await host.Http.GetStringAsync("/opml")).Contains("/start.rss"), "the OPML synced");

        // Half-saved: not OPML any more. A later write time, so the next tick reads it again.
        File.WriteAllText(opml, "<opml><body><outline text=");
        File.SetLastWriteTimeUtc(opml, DateTime.UtcNow.AddMinutes(1));
        var page = "";
        await ServiceHost.WaitUntilAsync(async () => (page = await host.Http.GetStringAsync("/")).Contains("(Feeds:Opml)"), "the problem on the status page");
        Assert.Contains($"cannot read {opml} (Feeds:Opml)", page);
        Assert.Contains("subscriptions left as they were", page);
        Assert.Contains("/start.rss", await host.Http.GetStringAsync("/opml"));
    }

    [Fact]
    public async Task Sigterm_during_a_poll_pass_cancels_it_exits_0_and_leaves_the_feed_without_an_error()
    {
        var requested = new TaskCompletionSource();
        _farm.Handle("/slow.rss", async ctx =>
        {
            requested.TrySetResult();
            await Task.Delay(TimeSpan.FromMinutes(2), ctx.RequestAborted);
        });
        var db = Path.Combine(_root.Path, "term.db");
        var output = new ConcurrentQueue<string>();
        var opml = _root.WriteOpml((_farm.Url("/slow.rss").AbsoluteUri, "Slow", null));
        using var run = FeedaggProcess.StartLongRunning(_root.Path, output, "--urls", "http://127.0.0.1:0", $"--Storage:Path={db}", $"--Feeds:Opml={opml}",
            "--Polling:AllowPrivateNetworks=true");
        await requested.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var clock = Stopwatch.StartNew();
        Assert.Equal(0, await FeedaggProcess.TerminateAsync(run, TimeSpan.FromSeconds(30)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"stopping took {clock.Elapsed}");
        Assert.Contains(output, l => l.Contains("Poll pass cancelled by shutdown"));

        var list = await FeedaggProcess.RunAsync(_root.Path, "feeds", "list", "--json", $"--Storage:Path={db}", "--Feeds:Opml=");
        using var json = System.Text.Json.JsonDocument.Parse(list.Stdout);
        var feed = json.RootElement.EnumerateArray().Single();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, feed.GetProperty("lastError").ValueKind);
        Assert.Equal("new", feed.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Logging_console_formatter_json_writes_each_line_as_one_json_object_with_an_iso_8601_timestamp()
    {
        // An unknown key gives a verb a log line to write.
        var list = await FeedaggProcess.RunAsync(_root.Path, "feeds", "list", $"--Storage:Path={Path.Combine(_root.Path, "json.db")}", "--Feeds:Opml=",
            "--Storage:Pth=x", "--Logging:Console:FormatterName=json");
        Assert.Equal(0, list.ExitCode);
        var line = Assert.Single(list.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = System.Text.Json.JsonDocument.Parse(line);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", json.RootElement.GetProperty("Timestamp").GetString());
        Assert.Equal("Warning", json.RootElement.GetProperty("LogLevel").GetString());
        Assert.Contains("did you mean Storage:Path?", json.RootElement.GetProperty("Message").GetString());
    }

    [Fact]
    public async Task Dotnet_run_of_the_project_starts_in_the_callers_folder_not_the_projects()
    {
        // The Web SDK would set RunWorkingDirectory to the project folder; the project turns that off.
        var psi = new ProcessStartInfo("dotnet", ["msbuild", Path.Combine(RepositoryRoot(), "src", "FeedAggregator", "FeedAggregator.csproj"), "-getProperty:RunWorkingDirectory"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var msbuild = Process.Start(psi)!;
        var stdout = await msbuild.StandardOutput.ReadToEndAsync();
        await msbuild.WaitForExitAsync();
        Assert.Equal(0, msbuild.ExitCode);
        Assert.Equal("", stdout.Trim());
    }

    [Fact]
    public void Every_shipped_launcher_gives_the_runtime_the_same_environment_as_dotnet_run()
    {
        var root = RepositoryRoot();
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "src", "FeedAggregator", "Properties", "launchSettings.json")));
        var variables = settings.RootElement.GetProperty("profiles").GetProperty("feedagg").GetProperty("environmentVariables").EnumerateObject().ToList();
        Assert.Contains(variables, v => v.Name == "DOTNET_TC_CallCountingDelayMs");
        var unit = File.ReadAllLines(Path.Combine(root, "deploy", "feedagg.service"));
        var docker = File.ReadAllLines(Path.Combine(root, "Dockerfile"));
        foreach (var v in variables)
        {
            Assert.Contains($"Environment={v.Name}={v.Value.GetString()}", unit);
            Assert.Contains($"ENV {v.Name}={v.Value.GetString()}", docker);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FeedAggregator.sln"))) return dir.FullName;
        throw new InvalidOperationException("FeedAggregator.sln not found above the test assembly");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
