using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using FeedAggregator.Polling;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests;

/// <summary>The whole path through real parts: Kestrel feed server → scheduler → fetch → parse → SQLite →
/// merged feed served by the real host.</summary>
public sealed class ServiceEndToEndTests : HostOnFarm
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    public override async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        _farm.Serve("/news.rss", Rss("Daily News", "https://news.example", 
            new Item("n1", "Harbour bridge reopens", T0.AddHours(1)),
            new Item("n2", "Council approves budget", T0.AddHours(3)),
            new Item("n3", "Storm warning for the coast", T0.AddHours(5))));
        _farm.Serve("/blog.atom", Atom("Sam's Blog", "https://blog.example",
            new Item("tag:blog.example,2026:1", "Notes on SQLite WAL", T0.AddHours(2)),
            new Item("tag:blog.example,2026:2", "Why feeds still matter", T0.AddHours(4))), "application/atom+xml");
        // Not XML at all (a server's plain-text error page sent with 200): beyond what recovery can read.
        _farm.Serve("/broken.xml", "Database connection failed; try again later.\n");
        _farm.Serve("/page.html", "<!doctype html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>", "text/html");
        _farm.Status("/fails", 500);
        var opml = _dir.WriteOpml(
            (_farm.Url("/news.rss").AbsoluteUri, "Daily News", "News"),
            (_farm.Url("/blog.atom").AbsoluteUri, "Sam's Blog", "Tech"),
            (_farm.Url("/broken.xml").AbsoluteUri, "Broken Feed", "News"),
            (_farm.Url("/fails").AbsoluteUri, "Failing Feed", "News"),
            (_farm.Url("/page.html").AbsoluteUri, "Not A Feed", null));
        _host = await ServiceHost.StartAsync(_dir, opml);
        // The scheduler's first tick polls every feed from the OPML file.
        await ServiceHost.WaitUntilAsync(async () =>
            (await _host.Get<FeedStore>().ListAsync(default)).All(f => f.LastPolledAt is not null), "first poll of every feed");
        await _host.WaitForStoriesAsync();
    }

    [Fact]
    public async Task Merged_atom_feed_lists_each_entry_once_newest_first_with_its_source()
    {
        var doc = XDocument.Parse(await _host.Http.GetStringAsync("/feed.atom"));
        var entries = doc.Root!.Elements(Atom + "entry").ToList();

        Assert.Equal(["Storm warning for the coast", "Why feeds still matter", "Council approves budget", "Notes on SQLite WAL", "Harbour bridge reopens"],
            entries.Select(e => (string)e.Element(Atom + "title")!));
        Assert.Equal(["Daily News", "Sam's Blog", "Daily News", "Sam's Blog", "Daily News"],
            entries.Select(e => (string)e.Element(Atom + "source")!.Element(Atom + "title")!));
        Assert.Equal(entries.Count, entries.Select(e => (string)e.Element(Atom + "id")!).Distinct().Count());
        Assert.Contains(doc.Root.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");
        Assert.Equal("https://news.example/n3", (string?)entries[0].Elements(Atom + "link").First().Attribute("href"));
    }

    [Fact]
    public async Task Broken_and_failing_feeds_are_recorded_with_readable_errors_while_the_others_are_stored()
    {
        var feeds = (await _host.Get<FeedStore>().ListAsync(default)).ToDictionary(f => f.Title!);
        Assert.Equal("HTTP 500 Internal Server Error", feeds["Failing Feed"].LastError);
        Assert.Equal(1, feeds["Failing Feed"].ErrorCount);
        Assert.Matches("line \\d+, column \\d+", feeds["Broken Feed"].LastError);
        Assert.StartsWith("not a feed", feeds["Not A Feed"].LastError);
        Assert.Equal(1, feeds["Broken Feed"].ErrorCount);
        Assert.Null(feeds["Daily News"].LastError);
        Assert.NotNull(feeds["Daily News"].LastSuccessAt);
        // Backoff: a failing feed is not due again at once.
        Assert.True(feeds["Failing Feed"].NextPollAt > DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Polling_again_stores_overlapping_entries_once_and_updates_a_changed_entry_in_place()
    {
        // Upstream: n1 fell off, n2 was re-headlined, n4 is new; n3 unchanged.
        _farm.Serve("/news.rss", Rss("Daily News", "https://news.example",
            new Item("n2", "Council approves budget after late-night vote", T0.AddHours(3)),
            new Item("n3", "Storm warning for the coast", T0.AddHours(5)),
            new Item("n4", "Trains cancelled as storm hits", T0.AddHours(6))));
        var poller = _host.Get<Poller>();
        var outcomes = (await poller.PollAsync(all: true, default)).ToDictionary(o => o.Feed.Title!);

        Assert.Equal((1, 1, 1), (outcomes["Daily News"].New, outcomes["Daily News"].Updated, outcomes["Daily News"].Unchanged));
        Assert.Equal(RefreshStatus.NotModified, outcomes["Sam's Blog"].Status);

        var titles = (await _host.Get<ArticleStore>().LatestAsync(new ArticleQuery(100), default)).Select(a => a.Title).ToList();
        Assert.Equal(["Trains cancelled as storm hits", "Storm warning for the coast", "Why feeds still matter",
            "Council approves budget after late-night vote", "Notes on SQLite WAL", "Harbour bridge reopens"], titles);

        // And the same again, any number of times, changes nothing.
        for (var i = 0; i < 3; i++) await poller.PollAsync(all: true, default);
        Assert.Equal(6, (await _host.Get<ArticleStore>().LatestAsync(new ArticleQuery(100), default)).Count);
    }

    [Fact]
    public async Task Our_fetcher_sends_conditional_requests_and_costs_nothing_on_304()
    {
        var outcomes = await _host.Get<Poller>().PollAsync(all: true, default);
        var news = outcomes.Single(o => o.Feed.Title == "Daily News");
        Assert.Equal(RefreshStatus.NotModified, news.Status);
        var second = _farm.Requests.Where(r => r.Path == "/news.rss").Last();
        Assert.StartsWith("\"", second.IfNoneMatch);
        Assert.StartsWith("FeedAggregator/", second.UserAgent);
    }

    [Fact]
    public async Task Our_server_answers_304_to_a_matching_conditional_request()
    {
        var first = await _host.Http.GetAsync("/feed.atom");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/atom+xml", first.Content.Headers.ContentType!.MediaType);
        var etag = first.Headers.ETag!;
        var lastModified = first.Content.Headers.LastModified!.Value;
        var body = await first.Content.ReadAsByteArrayAsync();
        Assert.NotEqual(0xEF, body[0]); // UTF-8 without BOM

        using var byEtag = new HttpRequestMessage(HttpMethod.Get, "/feed.atom");
        byEtag.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await _host.Http.SendAsync(byEtag)).StatusCode);

        using var byDate = new HttpRequestMessage(HttpMethod.Get, "/feed.rss");
        byDate.Headers.IfModifiedSince = lastModified;
        Assert.Equal(HttpStatusCode.NotModified, (await _host.Http.SendAsync(byDate)).StatusCode);

        using var stale = new HttpRequestMessage(HttpMethod.Get, "/feed.atom");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        Assert.Equal(HttpStatusCode.OK, (await _host.Http.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task Rss_output_names_each_items_source_and_is_filterable_by_category()
    {
        var doc = XDocument.Parse(await _host.Http.GetStringAsync("/feed.rss?category=Tech"));
        var items = doc.Root!.Element("channel")!.Elements("item").ToList();
        Assert.Equal(["Why feeds still matter", "Notes on SQLite WAL"], items.Select(i => (string)i.Element("title")!));
        Assert.All(items, i =>
        {
            Assert.Equal("Sam's Blog", (string)i.Element("source")!);
            Assert.Equal(_farm.Url("/blog.atom").AbsoluteUri, (string?)i.Element("source")!.Attribute("url"));
        });
    }

    [Fact]
    public async Task Paging_follows_next_links_through_all_entries()
    {
        // A second host on the same database, with two entries per page.
        await using var host = await ServiceHost.StartAsync(_dir, _dir.File("feeds.opml"), "--Publishing:Items=2");
        var seen = new List<string>();
        string? url = "/feed.atom";
        while (url is not null)
        {
            var doc = XDocument.Parse(await host.Http.GetStringAsync(url));
            seen.AddRange(doc.Root!.Elements(Atom + "entry").Select(e => (string)e.Element(Atom + "title")!));
            url = (string?)doc.Root.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") == "next")?.Attribute("href");
        }
        Assert.Equal(5, seen.Count);
        Assert.Equal(5, seen.Distinct().Count());
    }

    [Fact]
    public async Task Opml_healthz_metrics_and_status_page_answer()
    {
        var opml = XDocument.Parse(await _host.Http.GetStringAsync("/opml"));
        var urls = opml.Descendants("outline").Select(o => (string?)o.Attribute("xmlUrl")).Where(u => u is not null).ToList();
        Assert.Equal(5, urls.Count);
        Assert.Contains(_farm.Url("/blog.atom").AbsoluteUri, urls);
        Assert.StartsWith("healthy", await _host.Http.GetStringAsync("/healthz"));
        var metrics = await _host.Http.GetStringAsync("/metrics");
        Assert.Contains("feedagg_feeds{health=\"failing\"} 3", metrics); // 500, not XML, HTML page
        Assert.Contains("feedagg_feeds{health=\"ok\"} 2", metrics);
        Assert.Contains("feedagg_articles 5", metrics);
        var status = await _host.Http.GetStringAsync("/");
        Assert.Contains("HTTP 500 Internal Server Error", status);
        // Each feed's current interval and why: backoff for the failing one, the feed's own rhythm for the others.
        Assert.Contains("every 10 min (backoff after 1 error(s))", status);
        Assert.Contains("publishing history", status);
    }
}
