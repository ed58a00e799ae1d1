using System.IO.Compression;
using System.Net.Sockets;
using System.Text;
using FeedAggregator.Polling;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests;

/// <summary>What a user changes while the service runs, and what publishers send that needs care.</summary>
public sealed class RuntimeChangesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-3);
    private readonly TempDir _dir = new();
    private FeedFarm _farm = null!;

    public async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        _farm.Serve("/one.rss", Rss("One", "https://one.example", new Item("1", "First feed's story", T0)));
        _farm.Serve("/two.rss", Rss("Two", "https://two.example", new Item("2", "Second feed's story", T0)));
        _farm.Serve("/three.rss", Rss("Three", "https://three.example", new Item("3", "Third feed's story", T0)));
    }

    public async Task DisposeAsync()
    {
        await _farm.DisposeAsync();
        _dir.Dispose();
    }

    private static async Task<bool> PolledAsync(ServiceHost host, Uri url) =>
        (await host.Get<FeedStore>().FindAsync(url.AbsoluteUri, default))?.LastSuccessAt is not null;

    [Fact]
    public async Task Editing_the_opml_file_adds_and_removes_feeds_while_running()
    {
        var opml = _dir.WriteOpml((_farm.Url("/one.rss").AbsoluteUri, "One", null));
        await using var host = await ServiceHost.StartAsync(_dir, opml);
        await ServiceHost.WaitUntilAsync(() => PolledAsync(host, _farm.Url("/one.rss")), "first feed polled");

        _dir.WriteOpml((_farm.Url("/two.rss").AbsoluteUri, "Two", "Later"));
        File.SetLastWriteTimeUtc(opml, DateTime.UtcNow.AddSeconds(5)); // a distinct write time even on coarse file systems
        await ServiceHost.WaitUntilAsync(() => PolledAsync(host, _farm.Url("/two.rss")), "feed added to the OPML file polled");
        Assert.Null(await host.Get<FeedStore>().FindAsync(_farm.Url("/one.rss").AbsoluteUri, default));
    }

    [Fact]
    public async Task A_feed_added_from_the_cli_while_the_service_runs_is_polled_by_the_service()
    {
        await using var host = await ServiceHost.StartAsync(_dir, _dir.WriteOpml((_farm.Url("/one.rss").AbsoluteUri, "One", null)));
        await ServiceHost.WaitUntilAsync(() => PolledAsync(host, _farm.Url("/one.rss")), "first feed polled");
        // The CLI process writes to the same database file the service is using.
        var add = await FeedaggProcess.RunAsync(_dir.Path, "feeds", "add", _farm.Url("/three.rss").AbsoluteUri,
            $"--Storage:Path={_dir.File("feedagg.db")}", $"--Feeds:Opml={_dir.File("feeds.opml")}");
        Assert.True(add.ExitCode == 0, add.Stdout + add.Stderr);
        var titles = (await host.Get<ArticleStore>().LatestAsync(new ArticleQuery(10), default)).Select(a => a.Title).ToList();
        Assert.Contains("Third feed's story", titles);
        var atom = await host.Http.GetStringAsync("/feed.atom");
        Assert.Contains("Third feed's story", atom);
    }

    [Fact]
    public async Task Compressed_bodies_are_read_and_oversized_ones_are_refused_with_a_reason()
    {
        var gzipped = Compress(Rss("Zipped", "https://zip.example", new Item("z", "Compressed story", T0)));
        _farm.Handle("/zipped.rss", async ctx =>
        {
            ctx.Response.Headers.ContentEncoding = "gzip";
            ctx.Response.ContentType = "application/rss+xml";
            await ctx.Response.Body.WriteAsync(gzipped);
        });
        _farm.Serve("/huge.rss", Rss("Huge", "https://huge.example", Enumerable.Range(0, 400).Select(i => new Item($"h{i}", $"Story {i}", T0, new string('x', 500))).ToArray()));
        await using var host = await ServiceHost.StartAsync(_dir,
            _dir.WriteOpml((_farm.Url("/zipped.rss").AbsoluteUri, "Zipped", null), (_farm.Url("/huge.rss").AbsoluteUri, "Huge", null)),
            "--Polling:MaxBytes=100000");
        await ServiceHost.WaitUntilAsync(async () => (await host.Get<FeedStore>().ListAsync(default)).All(f => f.LastPolledAt is not null), "both polled");
        var feeds = (await host.Get<FeedStore>().ListAsync(default)).ToDictionary(f => f.Title!);
        Assert.Null(feeds["Zipped"].LastError);
        Assert.Contains("Compressed story", await host.Http.GetStringAsync("/feed.rss"));
        Assert.Contains("exceeds Polling:MaxBytes (100000", feeds["Huge"].LastError);
    }

    [Fact]
    public async Task Feedagg_run_serves_on_the_address_given_by_urls()
    {
        var port = FreePort();
        var opml = _dir.WriteOpml((_farm.Url("/one.rss").AbsoluteUri, "One", null));
        var run = FeedaggProcess.StartLongRunning(_dir.Path, "run", "--urls", $"http://127.0.0.1:{port}",
            $"--Storage:Path={_dir.File("run.db")}", $"--Feeds:Opml={opml}", "--Polling:Tick=00:00:00.200");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await ServiceHost.WaitUntilAsync(async () =>
            {
                try { return (await http.GetStringAsync("/feed.atom")).Contains("First feed's story"); }
                catch (HttpRequestException) { return false; }
            }, "the service to answer with the polled story");
        }
        finally
        {
            run.Kill(entireProcessTree: true);
            await run.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static byte[] Compress(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }
}
