using System.Net;
using System.Xml.Linq;
using Dapper;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;
using FeedAggregator.Tests.Polling;
using Microsoft.AspNetCore.Http;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests.FullText;

/// <summary>Full text for a summary-only feed through the real host: the feed (fullText="true" in the OPML) links to
/// article pages on a loopback server; the full-text job fetches each once, extracts the article without its page's
/// boilerplate, and /feed.atom publishes it as the content, with the feed's teaser as the summary.</summary>
public sealed class FullTextTests : IAsyncLifetime
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-2);
    private readonly TempDir _dir = new();
    private FeedFarm _farm = null!;

    public async Task InitializeAsync() => _farm = await FeedFarm.StartAsync();

    public async Task DisposeAsync()
    {
        await _farm.DisposeAsync();
        _dir.Dispose();
    }

    private const string ArticlePage = """
        <!doctype html><html><head><title>Harbour bridge reopens after two years | Port Gazette</title></head><body>
        <header><nav class="site-nav"><a href="/">Home</a> <a href="/sport">Sport pages</a> <a href="/weather">Weather desk</a></nav></header>
        <div class="ad-banner sponsored">Buy cheap flights now with BigAirline</div>
        <main><article>
          <h1>Harbour bridge reopens after two years</h1>
          <p>The harbour bridge reopened to traffic at dawn on Monday after two years of repairs that cost the city far more than planned.
             Engineers replaced every cable and most of the deck, and the first buses crossed shortly after six in the morning.</p>
          <p>Commuters who had spent two years on the long detour through the industrial estate said the difference was immediate.
             "It used to take me fifty minutes, today it took twelve," said one driver at the southern toll plaza.</p>
          <p>The council said tolls would rise next spring to pay for the works, a decision opposition members called unfair to
             the residents of the southern districts, who have no other way into the centre. <a href="/council/tolls">Read the toll plan</a>.</p>
          <p>Repairs on the older swing bridge upstream begin in the summer and are expected to last eighteen months.
             <a href="javascript:alert('x')" onclick="steal()">Timetable</a><img src="/img/swing.jpg" onerror="steal()"><script>steal()</script></p>
        </article></main>
        <section id="comments" class="comments"><h2>Comments</h2><div class="comment">First! Great news for commuters.</div></section>
        <footer class="site-footer">Copyright Port Gazette. Privacy policy. Cookie settings.</footer>
        </body></html>
        """;

    /// <summary>Serves <see cref="ArticlePage"/> at <paramref name="path"/> only once the test releases it; entered
    /// tells that a request for it has come.</summary>
    private (TaskCompletionSource Entered, TaskCompletionSource Release) ServeHeldArticlePage(string path)
    {
        var (entered, release) = (new TaskCompletionSource(), new TaskCompletionSource());
        _farm.Handle(path, async ctx =>
        {
            entered.TrySetResult();
            await release.Task;
            ctx.Response.ContentType = "text/html; charset=utf-8";
            await ctx.Response.WriteAsync(ArticlePage);
        });
        return (entered, release);
    }

    [Fact]
    public async Task An_article_page_is_extracted_once_without_boilerplate_and_published_as_the_entry_content()
    {
        var article = _farm.Url("/news/bridge.html").AbsoluteUri;
        var missing = _farm.Url("/news/missing.html").AbsoluteUri;
        _farm.Serve("/news/bridge.html", ArticlePage, "text/html; charset=utf-8");
        _farm.Status("/news/missing.html", 404);
        _farm.Serve("/teasers.rss", Rss("Port Gazette", "https://gazette.example",
            new Item("g1", "Harbour bridge reopens after two years", T0, "<p>The bridge is open again.</p>", article),
            new Item("g2", "Ferry timetable changes", T0.AddMinutes(5), "<p>New ferry times from June.</p>", missing)));
        var opml = _dir.File("feeds.opml");
        File.WriteAllText(opml, $"""
            <?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
            <outline type="rss" text="Port Gazette" xmlUrl="{_farm.Url("/teasers.rss").AbsoluteUri}" fullText="true"/></body></opml>
            """);
        await using var host = await ServiceHost.StartAsync(_dir, opml, "--Polling:AllowPrivateNetworks=true");

        await ServiceHost.WaitUntilAsync(async () =>
            (await host.Get<FeedStore>().ListAsync(default)).Single() is { FullTextFetched: 1, FullTextFailed: 1 }, "both pages tried");
        var entries = XDocument.Parse(await host.Http.GetStringAsync("/feed.atom")).Root!.Elements(Atom + "entry").ToList();
        var bridge = entries.Single(e => ((string)e.Element(Atom + "title")!).StartsWith("Harbour"));
        var content = WebUtility.HtmlDecode((string)bridge.Element(Atom + "content")!);
        Assert.Contains("Engineers replaced every cable", content);
        Assert.Contains("Repairs on the older swing bridge", content);
        // Relative links made absolute against the page, as in feed HTML.
        Assert.Contains($"href=\"{_farm.Url("/council/tolls").AbsoluteUri}\"", content);
        foreach (var boilerplate in new[] { "Weather desk", "BigAirline", "First! Great news", "Cookie settings" })
            Assert.DoesNotContain(boilerplate, content);
        // Sanitized like all feed HTML: no script, event handler or javascript: link survives the page.
        foreach (var hostile in new[] { "<script", "steal()", "javascript:", "onclick", "onerror" })
            Assert.DoesNotContain(hostile, content, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("The bridge is open again.", WebUtility.HtmlDecode((string)bridge.Element(Atom + "summary")!));

        // The missing page: the feed's own summary stays, counted on the feed's health, not as an error of the feed.
        var ferry = entries.Single(e => ((string)e.Element(Atom + "title")!).StartsWith("Ferry"));
        Assert.DoesNotContain("Engineers", (string?)ferry.Element(Atom + "content") ?? "");
        Assert.Contains("New ferry times", WebUtility.HtmlDecode((string)ferry.Element(Atom + "summary")!));
        var feed = (await host.Get<FeedStore>().ListAsync(default)).Single();
        Assert.Equal(0, feed.ErrorCount);
        Assert.Contains("HTTP 404", feed.FullTextError);
        Assert.Contains("1 extracted, 1 kept the summary", FeedAggregator.Feeds.FeedHealth.FullText(feed));

        // Later polls of the feed never fetch a page again.
        var polls = _farm.CountRequests("/teasers.rss");
        await host.Get<FeedAggregator.Polling.Poller>().PollAsync(all: true, default);
        await host.Get<FeedAggregator.FullText.FullTextService>().RunAsync(default);
        Assert.Equal(polls + 1, _farm.CountRequests("/teasers.rss"));
        Assert.Equal(1, _farm.CountRequests("/news/bridge.html"));
        Assert.Equal(1, _farm.CountRequests("/news/missing.html"));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_page_carried_by_two_full_text_feeds_or_republished_under_a_new_id_is_fetched_once_and_every_entry_publishes_its_content(
        string provider)
    {
        await using var pg = provider == "postgres" ? await TestPostgres.CreateDatabaseAsync() : null;
        string[] storage = pg is null ? [] : ["--Storage:Provider=postgres", $"--Storage:ConnectionString={pg.ConnectionString}"];
        var article = _farm.Url("/news/bridge.html").AbsoluteUri;
        var missing = _farm.Url("/news/missing.html").AbsoluteUri;
        // The article page answers only when the test says so: the wire's copy is stored while the page is being fetched.
        var (entered, release) = ServeHeldArticlePage("/news/bridge.html");
        _farm.Status("/news/missing.html", 404);
        var gazette = new Item("g1", "Harbour bridge reopens after two years", T0, "<p>The bridge is open again.</p>", article);
        var ferry = new Item("g2", "Ferry timetable changes", T0.AddMinutes(5), "<p>New ferry times from June.</p>", missing);
        _farm.Serve("/gazette.rss", Rss("Port Gazette", "https://gazette.example", gazette, ferry));
        _farm.Serve("/wire.rss", Rss("City Wire", "https://wire.example"));
        var opml = _dir.File("feeds.opml");
        File.WriteAllText(opml, $"""
            <?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
            <outline type="rss" text="Port Gazette" xmlUrl="{_farm.Url("/gazette.rss").AbsoluteUri}" fullText="true"/>
            <outline type="rss" text="City Wire" xmlUrl="{_farm.Url("/wire.rss").AbsoluteUri}" fullText="true"/></body></opml>
            """);
        // One entry per article, so that each feed's copy shows in /feed.atom (merged, the two would be one story).
        await using var host = await ServiceHost.StartAsync(_dir, opml, ["--Publishing:CollapseStories=false", .. storage]);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await ServiceHost.WaitUntilAsync(async () => (await host.Get<FeedStore>().ListAsync(default)).All(f => f.LastSuccessAt is not null),
            "the first poll of both feeds");

        // The wire carries both pages under tracking parameters, one of them while it is being fetched.
        _farm.Serve("/wire.rss", Rss("City Wire", "https://wire.example",
            new Item("w1", "Bridge open again after repairs", T0.AddMinutes(10), "<p>Traffic crosses the harbour again.</p>", article + "?utm_source=x&utm_medium=rss"),
            new Item("w2", "New ferry times", T0.AddMinutes(12), "<p>Ferries change in June.</p>", missing + "?utm_source=x")));
        await host.Get<FeedAggregator.Polling.Poller>().PollAsync(all: true, default);
        await using (var c = await host.Get<Database>().OpenAsync(default))
            Assert.Equal("waiting", await c.ExecuteScalarAsync<string>(
                "SELECT q.status FROM full_text_queue q JOIN articles a ON a.id = q.article_id WHERE a.guid = 'w1'"));
        release.SetResult();
        await ServiceHost.WaitUntilAsync(async () => (await host.Get<FeedStore>().ListAsync(default))
            .All(f => f is { FullTextFetched: 1, FullTextFailed: 1 }), "both feeds' pages read (one extracted, one missing)");
        Assert.Equal(1, _farm.CountRequests("/news/bridge.html"));
        Assert.Equal(1, _farm.CountRequests("/news/missing.html"));
        var wire = (await host.Get<FeedStore>().ListAsync(default)).Single(f => f.Url.EndsWith("/wire.rss"));
        Assert.Contains("HTTP 404", wire.FullTextError);

        // The gazette publishes the same article again under a new entry id: its stored extraction is reused.
        _farm.Serve("/gazette.rss", Rss("Port Gazette", "https://gazette.example", gazette, ferry,
            new Item("g3", "Bridge reopening: the full story", T0.AddMinutes(20), "<p>Read again.</p>", article)));
        await host.Get<FeedAggregator.Polling.Poller>().PollAsync(all: true, default);
        await host.Get<FeedAggregator.FullText.FullTextService>().RunAsync(default);
        Assert.Equal(1, _farm.CountRequests("/news/bridge.html"));
        Assert.Equal(2, (await host.Get<FeedStore>().ListAsync(default)).Single(f => f.Url.EndsWith("/gazette.rss")).FullTextFetched);

        var entries = XDocument.Parse(await host.Http.GetStringAsync("/feed.atom")).Root!.Elements(Atom + "entry")
            .ToDictionary(e => (string)e.Element(Atom + "title")!);
        foreach (var title in new[] { "Harbour bridge reopens after two years", "Bridge open again after repairs", "Bridge reopening: the full story" })
        {
            var content = WebUtility.HtmlDecode((string?)entries[title].Element(Atom + "content") ?? "");
            Assert.Contains("Engineers replaced every cable", content);
            Assert.DoesNotContain("Weather desk", content);
        }
        Assert.Contains("Traffic crosses the harbour again.", WebUtility.HtmlDecode((string)entries["Bridge open again after repairs"].Element(Atom + "summary")!));
        // The missing page's failure is shared too: the wire's copy keeps its own summary.
        Assert.Contains("Ferries change in June.", WebUtility.HtmlDecode((string)entries["New ferry times"].Element(Atom + "summary")!));
    }

    [Fact]
    public async Task Feeds_add_full_text_and_feeds_set_turn_it_on_and_off_and_export_keeps_it_in_the_opml()
    {
        _farm.Serve("/t.rss", Rss("Teasers", "https://t.example", new Item("t1", "Teaser", T0)));
        var url = _farm.Url("/t.rss").AbsoluteUri;
        string[] common = [$"--Storage:Path={_dir.File("cli.db")}", $"--Feeds:Opml={_dir.File("none.opml")}", "--Polling:AllowPrivateNetworks=true"];
        var add = await FeedaggProcess.RunAsync(_dir.Path, ["feeds", "add", url, "--full-text", .. common]);
        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Contains("fullText=\"true\"", (await FeedaggProcess.RunAsync(_dir.Path, ["feeds", "export", .. common])).Stdout);
        Assert.Contains("full text: ", (await FeedaggProcess.RunAsync(_dir.Path, ["feeds", "list", .. common])).Stdout);

        var off = await FeedaggProcess.RunAsync(_dir.Path, ["feeds", "set", url, "--full-text", "off", .. common]);
        Assert.True(off.ExitCode == 0, off.Stderr);
        Assert.Contains("full text off for", off.Stdout);
        Assert.DoesNotContain("fullText", (await FeedaggProcess.RunAsync(_dir.Path, ["feeds", "export", .. common])).Stdout);
        Assert.Equal(1, (await FeedaggProcess.RunAsync(_dir.Path, ["feeds", "set", "https://never.example/f", "--full-text", "on", .. common])).ExitCode);
    }

    [Fact]
    public async Task A_block_rule_on_content_sees_the_extracted_article_and_hides_its_entry_once_the_page_is_read()
    {
        var article = _farm.Url("/news/bridge.html").AbsoluteUri;
        _farm.Serve("/news/bridge.html", ArticlePage, "text/html; charset=utf-8");
        // The teaser says nothing of the swing bridge; only the article page does.
        _farm.Serve("/teasers.rss", Rss("Port Gazette", "https://gazette.example",
            new Item("g1", "Harbour bridge reopens after two years", T0, "<p>The bridge is open again.</p>", article),
            new Item("g2", "Ferry timetable changes", T0.AddMinutes(5), "<p>New ferry times from June.</p>")));
        var opml = _dir.File("feeds.opml");
        File.WriteAllText(opml, $"""
            <?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
            <outline type="rss" text="Port Gazette" xmlUrl="{_farm.Url("/teasers.rss").AbsoluteUri}" fullText="true"/></body></opml>
            """);
        await using var host = await ServiceHost.StartAsync(_dir, opml, "--Rules:Block:0:Pattern=swing bridge", "--Rules:Block:0:Fields=content");

        await ServiceHost.WaitUntilAsync(async () =>
            (await host.Get<FeedStore>().ListAsync(default)).Single() is { FullTextFetched: 1 }, "the article page extracted");
        var titles = XDocument.Parse(await host.Http.GetStringAsync("/feed.atom")).Root!.Elements(Atom + "entry")
            .Select(e => (string)e.Element(Atom + "title")!).ToList();
        Assert.Equal(["Ferry timetable changes"], titles);

        // `rules test` looks at the same published text.
        var rule = new FeedAggregator.Rules.Rule(0, FeedAggregator.Rules.RuleAction.Block, "swing bridge", false,
            FeedAggregator.Rules.RuleFields.Content, null, null);
        var test = await host.Get<FeedAggregator.Rules.RulesService>().TestAsync(rule, 2, default);
        Assert.Equal("Harbour bridge reopens after two years", Assert.Single(test.Matches).Title);
    }

    [Fact]
    public async Task An_article_page_takes_a_turn_of_the_per_host_limit_that_the_feeds_polls_share()
    {
        var (entered, release) = ServeHeldArticlePage("/news/slow.html");
        _farm.Serve("/teasers.rss", Rss("Port Gazette", "https://gazette.example",
            new Item("g1", "Harbour bridge reopens after two years", T0, "<p>The bridge is open again.</p>", _farm.Url("/news/slow.html").AbsoluteUri)));
        await using var rig = await PollingRig.StartAsync(_dir, null, ("Polling:PerHostConcurrency", "1"));
        var feed = await rig.AddAsync(_farm.Url("/teasers.rss"));
        Assert.True(await rig.Get<FullTextStore>().SetAsync(feed.Url, true, default));
        await rig.RefreshAsync(feed.Id);

        var extraction = rig.Get<FeedAggregator.FullText.FullTextService>().RunAsync(default);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The page holds the host's one turn: the feed's next poll waits for it.
        var poll = rig.RefreshAsync(feed.Id);
        await Task.Delay(500);
        Assert.False(poll.IsCompleted);
        Assert.Equal(1, _farm.CountRequests("/teasers.rss"));

        release.SetResult();
        Assert.Equal(1, await extraction);
        await poll;
        Assert.Equal(2, _farm.CountRequests("/teasers.rss"));
    }
}
