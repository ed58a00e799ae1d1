using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using FeedAggregator.Parse;
using FeedAggregator.Polling;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;
using static FeedAggregator.Tests.Infrastructure.SampleFeeds;

namespace FeedAggregator.Tests;

/// <summary>Cross-feed deduplication through the real host: the same story from several outlets is one entry
/// of /feed.atom, /feed.rss and /feed.json, with the other sources named and linked.</summary>
public sealed class MergedStoriesTests : HostOnFarm
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-6);
    private const string RatesSummary = "<p>The Bank of England held interest rates at 4% on Thursday as policymakers wait for clearer signs that inflation is falling.</p>";

    public override async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        // The same agency copy under two URLs that differ only by tracking parameters...
        _farm.Serve("/agency.rss", Rss("Wire Agency", "https://wire.example",
            new Item("w1", "Bank of England holds interest rates at 4%", T0, RatesSummary, "https://wire.example/boe-rates?utm_source=rss&utm_medium=feed")));
        _farm.Serve("/daily.rss", Rss("London Daily", "https://daily.example",
            new Item("d1", "Bank of England holds interest rates at 4%", T0.AddMinutes(20), RatesSummary, "https://WIRE.example/boe-rates?fbclid=abc123#top"),
            new Item("d2", "Marathon runner breaks course record in Berlin", T0.AddMinutes(30), "<p>A Kenyan runner set a new course record at the Berlin marathon on Sunday.</p>")));
        // ...and a light paraphrase of it from a third outlet, published later.
        _farm.Serve("/business.atom", Atom("Business Weekly", "https://business.example",
            new Item("tag:business.example,2026:rates", "Bank of England keeps interest rates on hold at 4%", T0.AddHours(1),
                "<p>The Bank of England kept interest rates at 4% on Thursday, with policymakers waiting for clearer signs that inflation is falling.</p>")),
            "application/atom+xml");
        var opml = _dir.WriteOpml(
            (_farm.Url("/agency.rss").AbsoluteUri, "Wire Agency", "News"),
            (_farm.Url("/daily.rss").AbsoluteUri, "London Daily", "News"),
            (_farm.Url("/business.atom").AbsoluteUri, "Business Weekly", "Business"));
        _host = await ServiceHost.StartAsync(_dir, opml);
        await ServiceHost.WaitUntilAsync(async () =>
            (await _host.Get<FeedStore>().ListAsync(default)).All(f => f.LastSuccessAt is not null), "first poll of every feed");
        await _host.WaitForStoriesAsync();
    }

    [Fact]
    public async Task Atom_shows_each_story_once_with_the_other_sources_as_related_links()
    {
        var doc = XDocument.Parse(await _host.Http.GetStringAsync("/feed.atom"));
        var entries = doc.Root!.Elements(Atom + "entry").ToList();
        Assert.Equal(2, entries.Count);
        var rates = entries.Single(e => ((string)e.Element(Atom + "title")!).Contains("Bank of England"));
        // The lead is the earliest article: the agency's.
        Assert.Equal("Bank of England holds interest rates at 4%", (string)rates.Element(Atom + "title")!);
        Assert.Equal("Wire Agency", (string)rates.Element(Atom + "source")!.Element(Atom + "title")!);
        var related = rates.Elements(Atom + "link").Where(l => (string?)l.Attribute("rel") == "related").ToList();
        Assert.Equal(["London Daily", "Business Weekly"], related.Select(l => (string)l.Attribute("title")!));
        Assert.Equal("https://business.example/tag:business.example,2026:rates", (string)related[1].Attribute("href")!);
        // Published without its tracking parameter (the stored link keeps it).
        Assert.Contains("Also covered by: <a href=\"https://wire.example/boe-rates#top\">London Daily</a>",
            WebUtility.HtmlDecode((string)rates.Element(Atom + "summary")!).Replace("WIRE", "wire"));
    }

    [Fact]
    public async Task Json_feed_lists_stories_with_a_feedaggregator_sources_extension()
    {
        using var json = JsonDocument.Parse(await _host.Http.GetStringAsync("/feed.json"));
        var root = json.RootElement;
        Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var rates = items.Single(i => i.GetProperty("title").GetString()!.Contains("Bank of England"));
        var sources = rates.GetProperty("_feedaggregator").GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("title").GetString()).ToList();
        Assert.Equal(["Wire Agency", "London Daily", "Business Weekly"], sources);
        Assert.All(items, i => Assert.StartsWith("urn:feedagg:story:", i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_new_source_joining_keeps_the_story_id_and_moves_its_updated_time()
    {
        var before = XDocument.Parse(await _host.Http.GetStringAsync("/feed.atom")).Root!.Elements(Atom + "entry")
            .Single(e => ((string)e.Element(Atom + "title")!).StartsWith("Bank"));
        _farm.Serve("/late.rss", Rss("Evening Paper", "https://evening.example",
            new Item("e1", "Bank of England holds interest rates at 4%", T0.AddHours(2), RatesSummary, "https://evening.example/rates-hold")));
        await Task.Delay(1100); // Atom dates have second precision: make the move visible.
        await _host.Get<FeedStore>().AddAsync(new FeedSubscription(_farm.Url("/late.rss").AbsoluteUri, "Evening Paper"), Feeds.FeedOrigin.Cli, default);
        // The scheduler's tick may get there first; either way the feed is polled once.
        await ServiceHost.WaitUntilAsync(async () => (await _host.Get<FeedStore>().FindAsync(_farm.Url("/late.rss").AbsoluteUri, default))!.LastSuccessAt is not null, "poll of the late feed");
        await _host.WaitForStoriesAsync();

        var after = XDocument.Parse(await _host.Http.GetStringAsync("/feed.atom")).Root!.Elements(Atom + "entry")
            .Single(e => ((string)e.Element(Atom + "title")!).StartsWith("Bank"));
        Assert.Equal((string)before.Element(Atom + "id")!, (string)after.Element(Atom + "id")!);
        Assert.True(DateTimeOffset.Parse((string)after.Element(Atom + "updated")!) > DateTimeOffset.Parse((string)before.Element(Atom + "updated")!), $"{before}\n---\n{after}");
        Assert.Equal(3, after.Elements(Atom + "link").Count(l => (string?)l.Attribute("rel") == "related"));
    }

    [Fact]
    public async Task Filters_keep_stories_that_have_an_article_in_the_category_or_feed()
    {
        var business = XDocument.Parse(await _host.Http.GetStringAsync("/feed.atom?category=Business")).Root!.Elements(Atom + "entry").ToList();
        Assert.Single(business);
        var daily = XDocument.Parse(await _host.Http.GetStringAsync("/feed.rss?feed=" + Uri.EscapeDataString(_farm.Url("/daily.rss").AbsoluteUri)));
        Assert.Equal(2, daily.Root!.Element("channel")!.Elements("item").Count());
    }

    [Fact]
    public async Task Our_own_outputs_parse_back_with_our_parser_with_absolute_links_and_sanitized_html()
    {
        var parser = new FeedParser();
        foreach (var (path, format) in new[] { ("/feed.atom", FeedFormat.Atom10), ("/feed.rss", FeedFormat.Rss20), ("/feed.json", FeedFormat.Json11) })
        {
            var bytes = await _host.Http.GetByteArrayAsync(path);
            var parsed = parser.Parse(bytes, new Uri(_host.BaseUrl, path));
            Assert.Equal(format, parsed.Format);
            Assert.False(parsed.Bozo, $"{path}: {parsed.BozoReason}");
            Assert.Equal(2, parsed.Entries.Count);
            Assert.Equal(["Marathon runner breaks course record in Berlin", "Bank of England holds interest rates at 4%"], parsed.Entries.Select(e => e.Title).Order().Reverse());
            Assert.All(parsed.Entries, e => Assert.True(Uri.IsWellFormedUriString(e.Link, UriKind.Absolute), $"{path}: link {e.Link}"));
            Assert.All(parsed.Entries, e => Assert.NotNull(e.Published));
        }
    }

    [Fact]
    public async Task The_host_can_subscribe_to_its_own_merged_feed()
    {
        var own = new Uri(_host.BaseUrl, "/feed.atom").AbsoluteUri;
        await _host.Get<FeedStore>().AddAsync(new FeedSubscription(own, "Ourselves"), Feeds.FeedOrigin.Cli, default);
        var feed = (await _host.Get<FeedStore>().FindAsync(own, default))!;
        var outcome = await _host.Get<Poller>().RefreshOneAsync(feed, default);
        Assert.Null(outcome.Error);
        Assert.Equal(2, outcome.New + outcome.Unchanged);
        Assert.Null((await _host.Get<FeedStore>().FindAsync(own, default))!.LastError);
    }

    [Fact]
    public async Task Collapse_stories_off_gives_one_entry_per_article()
    {
        await using var perArticle = await ServiceHost.StartAsync(_dir, _dir.File("feeds.opml"), "--Publishing:CollapseStories=false");
        var entries = XDocument.Parse(await perArticle.Http.GetStringAsync("/feed.atom")).Root!.Elements(Atom + "entry").ToList();
        Assert.Equal(4, entries.Count);
        Assert.All(entries, e => Assert.StartsWith("urn:feedagg:article:", (string)e.Element(Atom + "id")!));
    }
}
