using System.Xml.Linq;
using FeedAggregator.Digest;
using FeedAggregator.Jobs;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;
using Quartz;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests;

/// <summary>The story stage through the real host: articles another process (the CLI) stores are clustered by the
/// service's stage; until then the merged feed shows them as their own entries and the digest keeps its window open.</summary>
public sealed class StoryStageTests : IAsyncLifetime
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-3);
    private const string VolcanoSummary = "<p>An eruption near Grindavik sent ash over the Reykjanes peninsula and grounded flights at Keflavik.</p>";
    private readonly TempDir _dir = new();
    private FeedFarm _farm = null!;
    private string _opml = "";

    public async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        _farm.Serve("/wire.rss", Rss("Wire Agency", "https://wire.example",
            new Item("w1", "Volcano erupts in Iceland, flights grounded", T0, VolcanoSummary, "https://wire.example/volcano")));
        // The second outlet is down while the service makes its first pass; the CLI polls it later.
        _farm.Status("/daily.rss", 503);
        _opml = _dir.WriteOpml(
            (_farm.Url("/wire.rss").AbsoluteUri, "Wire Agency", "News"),
            (_farm.Url("/daily.rss").AbsoluteUri, "London Daily", "News"));
    }

    public async Task DisposeAsync()
    {
        await _farm.DisposeAsync();
        _dir.Dispose();
    }

    private void DailyComesBack() => _farm.Serve("/daily.rss", Rss("London Daily", "https://daily.example",
        new Item("d1", "Volcano erupts in Iceland; flights grounded", T0.AddMinutes(20), VolcanoSummary, "https://daily.example/iceland"),
        new Item("d2", "Marathon runner breaks course record in Berlin", T0.AddMinutes(30), "<p>A Kenyan runner set a new course record at the Berlin marathon on Sunday.</p>", "https://daily.example/marathon")));

    private string[] CliOverrides => [$"--Storage:Path={_dir.File("feedagg.db")}", $"--Feeds:Opml={_opml}", "--Polling:AllowPrivateNetworks=true"];

    private static async Task<List<XElement>> EntriesAsync(ServiceHost host) =>
        XDocument.Parse(await host.Http.GetStringAsync("/feed.atom")).Root!.Elements(Atom + "entry").ToList();

    private static Task WaitForFirstPassAsync(ServiceHost host) => ServiceHost.WaitUntilAsync(async () =>
        (await host.Get<FeedStore>().ListAsync(default)).All(f => f.LastPolledAt is not null), "the service's first poll pass");

    /// <summary>The service after its first pass, with the daily feed's two articles stored by the CLI and waiting. Stage
    /// ticks far away: after the start-up run, the stage runs only when the test triggers it.</summary>
    private async Task<ServiceHost> HostWithCliArticlesWaitingAsync()
    {
        var host = await ServiceHost.StartAsync(_dir, _opml, "--Polling:Tick=01:00:00", "--Stories:Tick=01:00:00");
        try
        {
            await WaitForFirstPassAsync(host);
            await host.WaitForStoriesAsync();
            DailyComesBack();
            var poll = await FeedaggProcess.RunAsync(_dir.Path, ["poll", "--all", "--no-stories", .. CliOverrides]);
            Assert.Equal(0, poll.ExitCode);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task Articles_a_cli_poll_stores_beside_the_running_service_are_clustered_by_the_services_stage()
    {
        // The service polls only at start (a long tick), so the daily feed's articles can only come from the CLI.
        await using var host = await ServiceHost.StartAsync(_dir, _opml, "--Polling:Tick=01:00:00", "--Stories:Tick=00:00:00.200");
        await WaitForFirstPassAsync(host);
        await host.WaitForStoriesAsync();
        Assert.Single(await EntriesAsync(host));

        DailyComesBack();
        var poll = await FeedaggProcess.RunAsync(_dir.Path, ["poll", "--all", "--no-stories", .. CliOverrides]);
        Assert.Equal(0, poll.ExitCode);
        // --no-stories: the CLI leaves them waiting (the service's quick stage tick may already have taken them).
        Assert.DoesNotContain("story stage:", poll.Stdout);

        await host.WaitForStoriesAsync();
        var entries = await EntriesAsync(host);
        Assert.Equal(2, entries.Count);
        var volcano = entries.Single(e => ((string)e.Element(Atom + "title")!).StartsWith("Volcano"));
        Assert.Equal(["London Daily"], volcano.Elements(Atom + "link").Where(l => (string?)l.Attribute("rel") == "related").Select(l => (string)l.Attribute("title")!));
    }

    [Fact]
    public async Task Until_the_stage_runs_waiting_articles_are_their_own_entries_and_the_digest_window_stays_open()
    {
        await using var host = await HostWithCliArticlesWaitingAsync();
        Assert.Equal(2, await host.Get<ArticleStore>().WaitingCountAsync(default));

        // Waiting articles: one entry each, under the id their own story will have.
        var before = await EntriesAsync(host);
        Assert.Equal(3, before.Count);
        var marathonId = (string)before.Single(e => ((string)e.Element(Atom + "title")!).StartsWith("Marathon")).Element(Atom + "id")!;
        var digests = host.Get<DigestService>();
        var end = DateTimeOffset.UtcNow;
        Assert.False(await digests.StoriesCaughtUpAsync(end, default));
        Assert.Null(await digests.CloseWindowAsync(end, default));
        Assert.Equal(404, (int)(await host.Http.GetAsync("/digests/latest")).StatusCode);

        var scheduler = await host.Get<ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(StoryStageJob.Key);
        await host.WaitForStoriesAsync();

        var after = await EntriesAsync(host);
        Assert.Equal(2, after.Count);
        Assert.Equal(marathonId, (string)after.Single(e => ((string)e.Element(Atom + "title")!).StartsWith("Marathon")).Element(Atom + "id")!);
        var made = await digests.CloseWindowAsync(end, default);
        Assert.NotNull(made);
        Assert.Equal(2, made.StoryCount);
    }

    [Fact]
    public async Task A_stage_tick_that_comes_while_the_service_polls_leaves_the_articles_for_after_the_pass()
    {
        await using var host = await HostWithCliArticlesWaitingAsync();
        var articles = host.Get<ArticleStore>();
        var scheduler = await host.Get<ISchedulerFactory>().GetScheduler();
        var runs = new StageRuns();
        scheduler.ListenerManager.AddJobListener(runs);

        using (host.Get<PollActivity>().Pass())
        {
            await scheduler.TriggerJob(StoryStageJob.Key);
            await ServiceHost.WaitUntilAsync(() => Task.FromResult(runs.Count == 1), "the stage's run during the pass");
            Assert.Equal(2, await articles.WaitingCountAsync(default));
        }

        await scheduler.TriggerJob(StoryStageJob.Key);
        await ServiceHost.WaitUntilAsync(() => Task.FromResult(runs.Count == 2), "the stage's run after the pass");
        Assert.Equal(0, await articles.WaitingCountAsync(default));
    }

    /// <summary>Counts the story stage job's finished runs.</summary>
    private sealed class StageRuns : IJobListener
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public string Name => nameof(StageRuns);

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            if (context.JobDetail.Key.Equals(StoryStageJob.Key)) Interlocked.Increment(ref _count);
            return ValueTask.CompletedTask;
        }
    }
}
