using System.Security;
using System.Xml.Linq;
using FeedAggregator.Digest;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;

namespace FeedAggregator.Tests;

/// <summary>Semantic story matching through the real host (Stories:Method=semantic): feeds served on
/// 127.0.0.1, polled, clustered by the service's story stage with the embedding model, and read back from /feed.atom
/// and the digest. The outlets word one event differently; other events that read alike must stay apart.</summary>
public sealed class SemanticStoriesTests : HostOnFarm
{
    private static readonly XNamespace AtomNs = "http://www.w3.org/2005/Atom";
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-8);

    private sealed record Entry(string Guid, string Title, DateTimeOffset Published, string? Summary);

    public override async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        _farm.Serve("/agency.rss", Rss("Wire Agency", "https://agency.example",
            new Entry("a1", "Eurozone inflation falls to 2.4% in November", T0,
                "Consumer prices in the 20 countries that use the euro rose 2.4% from a year earlier in November, down from 2.9% in October, Eurostat said on Thursday."),
            new Entry("a2", "UK inflation rises to 2.2% in July", T0.AddMinutes(40),
                "Annual consumer price inflation in Britain rose to 2.2% in July from 2% in June, the Office for National Statistics said, as hotel prices climbed.")));
        // The agency copy carried headline-only, with the outlet's name after it.
        _farm.Serve("/courier.rss", Rss("Harbour Courier", "https://courier.example",
            new Entry("c1", "Eurozone inflation falls to 2.4% in November - Harbour Courier", T0.AddMinutes(15), null),
            new Entry("c2", "Japan's Nikkei closes above its 1989 record for the first time", T0.AddHours(1),
                "Tokyo's benchmark Nikkei 225 index ended the day at an all-time high, finally surpassing the peak it reached at the height of the asset bubble 34 years ago.")));
        _farm.Serve("/ledger.rss", Rss("Lumen Ledger", "https://ledger.example",
            new Entry("l1", "Nikkei ends at a record high, topping its 1989 peak", T0.AddHours(2),
                "Tokyo's Nikkei 225 share index closed at an all-time high on Thursday, beating the record it set in December 1989 at the height of the bubble economy."),
            new Entry("l2", "US inflation rises to 2.9% in July", T0.AddHours(2.5),
                "American consumer prices rose 2.9% in the year to July, the Labor Department said on Wednesday, slightly above economists' forecasts.")));
        _farm.Serve("/gazette.rss", Rss("Pine Gazette", "https://gazette.example",
            new Entry("g1", "Japan's Nikkei index closes above its 1989 record high", T0.AddHours(3),
                "The Nikkei 225 index in Tokyo finished at a record, surpassing the peak it hit in 1989 at the height of Japan's asset bubble, 34 years ago.")));
        var opml = _dir.WriteOpml(
            (_farm.Url("/agency.rss").AbsoluteUri, "Wire Agency", "News"),
            (_farm.Url("/courier.rss").AbsoluteUri, "Harbour Courier", "News"),
            (_farm.Url("/ledger.rss").AbsoluteUri, "Lumen Ledger", "Business"),
            (_farm.Url("/gazette.rss").AbsoluteUri, "Pine Gazette", "Business"));
        _host = await ServiceHost.StartAsync(_dir, opml, "--Digest:TimeZone=UTC", "--Stories:Method=semantic");
        await ServiceHost.WaitUntilAsync(async () =>
            (await _host.Get<FeedStore>().ListAsync(default)).All(f => f.LastSuccessAt is not null)
            && await _host.Get<ArticleStore>().WaitingCountAsync(default) == 0, "first poll of every feed and the story stage", seconds: 120);
    }

    private async Task<List<XElement>> AtomEntries() =>
        XDocument.Parse(await _host.Http.GetStringAsync("/feed.atom")).Root!.Elements(AtomNs + "entry").ToList();

    private static List<string> Related(XElement entry) =>
        entry.Elements(AtomNs + "link").Where(l => (string?)l.Attribute("rel") == "related").Select(l => (string)l.Attribute("title")!).ToList();

    [Fact]
    public async Task A_headline_only_wire_copy_joins_its_story()
    {
        var euro = (await AtomEntries()).Where(e => ((string)e.Element(AtomNs + "title")!).Contains("Eurozone")).ToList();
        var story = Assert.Single(euro);
        Assert.Equal("Wire Agency", (string)story.Element(AtomNs + "source")!.Element(AtomNs + "title")!);
        Assert.Equal(["Harbour Courier"], Related(story));
    }

    [Fact]
    public async Task Three_outlets_rewording_one_event_are_one_story_in_the_feed_and_the_digest()
    {
        var nikkei = (await AtomEntries()).Where(e => ((string)e.Element(AtomNs + "title")!) is var t && (t.Contains("Nikkei") || t.Contains("Tokyo"))).ToList();
        var story = Assert.Single(nikkei);
        Assert.Equal("Harbour Courier", (string)story.Element(AtomNs + "source")!.Element(AtomNs + "title")!);
        Assert.Equal(["Lumen Ledger", "Pine Gazette"], Related(story));

        var digest = await _host.Get<DigestService>().PreviewAsync(DateTimeOffset.UtcNow, default);
        // The story with most sources leads the digest's top stories, with every outlet named.
        var top = digest.Model.TopStories[0];
        Assert.Contains("Nikkei", top.Title);
        Assert.Equal(["Harbour Courier", "Lumen Ledger", "Pine Gazette"], top.Sources.Select(s => s.Name).Prepend(top.SourceName).Distinct().Order());
        // Listed once among the sections as well (a top story is not repeated there, or is: never twice).
        var listed = digest.Model.Sections.SelectMany(c => c.Items.Concat(c.Rest)).Count(i => i.Title.Contains("Nikkei") || i.Title.Contains("Tokyo"));
        Assert.True(listed <= 1, $"listed {listed} times in the sections");
    }

    [Fact]
    public async Task The_same_statistic_for_another_country_and_figure_stays_a_story_of_its_own()
    {
        var titles = (await AtomEntries()).Select(e => (string)e.Element(AtomNs + "title")!).ToList();
        Assert.Contains("UK inflation rises to 2.2% in July", titles);
        Assert.Contains("US inflation rises to 2.9% in July", titles);
        Assert.Equal(4, titles.Count);
    }

    private static string Rss(string title, string link, params Entry[] entries) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>{E(title)}</title><link>{E(link)}</link><description>Test channel</description>
        {string.Concat(entries.Select(e => $"""
            <item><title>{E(e.Title)}</title><link>{E(link + "/" + e.Guid)}</link><guid isPermaLink="false">{E(e.Guid)}</guid>
            <pubDate>{e.Published.ToUniversalTime():R}</pubDate>{(e.Summary is null ? "" : $"<description>{E(e.Summary)}</description>")}</item>
            """))}
        </channel></rss>
        """;

    private static string E(string s) => SecurityElement.Escape(s);
}
