using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;

namespace FeedAggregator.Tests;

/// <summary>The merged outputs against the rules the W3C feed validator applies (RFC 4287 for Atom, the RSS 2.0
/// spec and its best practices, JSON Feed 1.1), on feeds with hostile HTML, relative links and enclosures.</summary>
public sealed class OutputValidityTests : HostOnFarm
{
    private static readonly XNamespace A = "http://www.w3.org/2005/Atom";

    public override async Task InitializeAsync()
    {
        _farm = await FeedFarm.StartAsync();
        var now = DateTimeOffset.UtcNow.AddHours(-1).ToString("R");
        _farm.Serve("/hostile.rss", $$"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Hostile &amp; Co</title><link>https://hostile.example/</link><description>x</description>
            <item><title>Click &lt;b&gt;here&lt;/b&gt;</title><link>/stories/1</link><guid isPermaLink="false">h1</guid><pubDate>{{now}}</pubDate>
            <description><![CDATA[<p onclick="steal()">Hello <script>alert(1)</script><a href="javascript:alert(2)">bad</a> <a href="/about">rel</a> <img src="img/a.png"></p><iframe src="https://evil.example"></iframe><style>body{display:none}</style>]]></description>
            </item></channel></rss>
            """);
        _farm.Serve("/podcast.rss", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>Pod</title><link>https://pod.example/</link><description>d</description>
            <item><title>Episode 12</title><link>https://pod.example/12</link><guid>https://pod.example/12</guid><pubDate>{now}</pubDate>
            <description>Talk.</description><enclosure url="https://cdn.pod.example/12.mp3" length="1234567" type="audio/mpeg"/><itunes:author>Host Name</itunes:author></item>
            </channel></rss>
            """);
        _host = await ServiceHost.StartAsync(_dir, _dir.WriteOpml(
            (_farm.Url("/hostile.rss").AbsoluteUri, "Hostile", "Test"), (_farm.Url("/podcast.rss").AbsoluteUri, "Pod", "Audio")));
        await ServiceHost.WaitUntilAsync(async () =>
            (await _host.Get<FeedStore>().ListAsync(default)).All(f => f.LastSuccessAt is not null), "first poll");
        await _host.WaitForStoriesAsync();
    }

    private void AssertSanitized(string html)
    {
        foreach (var bad in new[] { "<script", "onclick", "javascript:", "<iframe", "<style" })
            Assert.DoesNotContain(bad, html, StringComparison.OrdinalIgnoreCase);
        // Relative links resolve against where the feed was fetched from.
        Assert.Contains($"href=\"{_farm.Url("/about")}\"", html);
        Assert.Contains($"src=\"{_farm.Url("/img/a.png")}\"", html);
    }

    [Fact]
    public async Task Atom_follows_rfc_4287()
    {
        var feed = XDocument.Parse(await _host.Http.GetStringAsync("/feed.atom")).Root!;
        Assert.Equal(A + "feed", feed.Name);
        Assert.Single(feed.Elements(A + "id"));
        Assert.True(Uri.IsWellFormedUriString((string)feed.Element(A + "id")!, UriKind.Absolute));
        Assert.Single(feed.Elements(A + "title"));
        AssertRfc3339((string)feed.Element(A + "updated")!);
        Assert.Single(feed.Elements(A + "link"), l => (string?)l.Attribute("rel") == "self");
        var feedHasAuthor = feed.Elements(A + "author").Any();
        var entries = feed.Elements(A + "entry").ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => (string)e.Element(A + "id")!).Distinct().Count());
        foreach (var e in entries)
        {
            Assert.True(Uri.IsWellFormedUriString((string)e.Element(A + "id")!, UriKind.Absolute));
            Assert.Single(e.Elements(A + "title"));
            AssertRfc3339((string)e.Element(A + "updated")!);
            Assert.True(feedHasAuthor || e.Elements(A + "author").Any(), "every entry needs an author (RFC 4287 4.1.1)");
            Assert.True(e.Element(A + "content") is not null || e.Elements(A + "link").Any(l => (string?)l.Attribute("rel") is null or "alternate"));
            Assert.True(e.Elements(A + "link").Count(l => (string?)l.Attribute("rel") is null or "alternate") <= 1);
            foreach (var link in e.Elements(A + "link"))
                Assert.True(Uri.IsWellFormedUriString((string)link.Attribute("href")!, UriKind.Absolute), (string)link.Attribute("href")!);
            foreach (var html in e.Elements(A + "summary").Concat(e.Elements(A + "content")))
            {
                Assert.Equal("html", (string?)html.Attribute("type"));
                if (((string)e.Element(A + "title")!).StartsWith("Click")) AssertSanitized((string)html);
            }
        }
        var hostile = entries.Single(e => ((string)e.Element(A + "title")!).StartsWith("Click"));
        Assert.Equal("Click here", (string)hostile.Element(A + "title")!);
        Assert.Equal(_farm.Url("/stories/1").AbsoluteUri, (string?)hostile.Elements(A + "link").First(l => (string?)l.Attribute("rel") == "alternate").Attribute("href"));
        var pod = entries.Single(e => (string)e.Element(A + "title")! == "Episode 12");
        var enclosure = pod.Elements(A + "link").Single(l => (string?)l.Attribute("rel") == "enclosure");
        Assert.Equal(("https://cdn.pod.example/12.mp3", "audio/mpeg", "1234567"), ((string)enclosure.Attribute("href")!, (string)enclosure.Attribute("type")!, (string)enclosure.Attribute("length")!));
    }

    [Fact]
    public async Task Rss_follows_the_rss_2_spec_and_best_practices()
    {
        var rss = XDocument.Parse(await _host.Http.GetStringAsync("/feed.rss")).Root!;
        Assert.Equal("2.0", (string?)rss.Attribute("version"));
        var channel = rss.Element("channel")!;
        foreach (var required in new[] { "title", "link", "description" })
            Assert.False(string.IsNullOrWhiteSpace((string?)channel.Element(required)), $"channel/{required}");
        Assert.Single(channel.Elements(A + "link"), l => (string?)l.Attribute("rel") == "self");
        var items = channel.Elements("item").ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(items.Count, items.Select(i => (string)i.Element("guid")!).Distinct().Count());
        foreach (var i in items)
        {
            Assert.True(i.Element("title") is not null || i.Element("description") is not null);
            Assert.True(DateTimeOffset.TryParseExact((string)i.Element("pubDate")!, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                || DateTimeOffset.TryParseExact((string)i.Element("pubDate")!, "ddd, dd MMM yyyy HH:mm:ss 'Z'", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                "RFC 822 pubDate: " + (string)i.Element("pubDate")!);
            Assert.Equal("false", (string?)i.Element("guid")!.Attribute("isPermaLink"));
            Assert.True(Uri.IsWellFormedUriString((string)i.Element("link")!, UriKind.Absolute));
            Assert.NotNull(i.Element("source")!.Attribute("url"));
            Assert.True(i.Elements("enclosure").Count() <= 1);
            foreach (var author in i.Elements("author"))
                Assert.Contains("@", (string)author); // RSS author is an email address; names go elsewhere
        }
        AssertSanitized((string)items.Single(i => ((string)i.Element("title")!).StartsWith("Click")).Element("description")!);
    }

    [Fact]
    public async Task Json_feed_follows_version_1_1()
    {
        using var json = JsonDocument.Parse(await _host.Http.GetStringAsync("/feed.json"));
        var root = json.RootElement;
        Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("title").GetString()));
        Assert.True(Uri.IsWellFormedUriString(root.GetProperty("feed_url").GetString(), UriKind.Absolute));
        foreach (var item in root.GetProperty("items").EnumerateArray())
        {
            Assert.Equal(JsonValueKind.String, item.GetProperty("id").ValueKind);
            Assert.True(item.TryGetProperty("content_html", out _) || item.TryGetProperty("content_text", out _));
            AssertRfc3339(item.GetProperty("date_published").GetString()!);
            Assert.True(Uri.IsWellFormedUriString(item.GetProperty("url").GetString(), UriKind.Absolute));
            if (item.GetProperty("title").GetString()!.StartsWith("Click")) AssertSanitized(item.GetProperty("content_html").GetString()!);
        }
    }

    private static void AssertRfc3339(string value) =>
        Assert.True(DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "RFC 3339 date: " + value);
}
