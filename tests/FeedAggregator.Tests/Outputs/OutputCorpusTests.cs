using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using FeedAggregator.Store;

namespace FeedAggregator.Tests.Outputs;

/// <summary>What every output says about the corpus's entries: their own dates, clean links, no junk, filters.</summary>
public sealed class OutputCorpusTests(OutputCorpus corpus) : IClassFixture<OutputCorpus>
{
    private static readonly XNamespace A = OutputCorpus.Atom;

    private IEnumerable<XElement> AtomEntries(string name) => XDocument.Parse(corpus.Text(name)).Root!.Elements(A + "entry");

    private XElement AtomEntry(string title) =>
        AtomEntries("feed.atom").Concat(AtomEntries("feed.atom page 2")).Single(e => (string)e.Element(A + "title")! == title);

    private static DateTimeOffset Date(XElement e, string name) => DateTimeOffset.Parse((string)e.Element(A + name)!, CultureInfo.InvariantCulture);

    [Fact]
    public void A_story_is_dated_by_its_articles_own_dates_never_by_the_poll()
    {
        var climate = AtomEntry("Ministers agree climate deal");
        // Published: the earliest article's own date; updated: the latest of its members' own dates (the agency's copy).
        Assert.Equal(corpus.ClimateLead, Date(climate, "published"));
        Assert.Equal(corpus.ClimateAgency, Date(climate, "updated"));
        var zurich = AtomEntry("Zürich: Ärzte warnen — 東京で会議 🚀");
        Assert.Equal((corpus.NonAscii, corpus.NonAscii), (Date(zurich, "published"), Date(zurich, "updated")));
        // Newest first, page after page.
        var published = AtomEntries("feed.atom").Concat(AtomEntries("feed.atom page 2")).Select(e => Date(e, "published")).ToList();
        Assert.Equal(published.OrderDescending(), published);
    }

    [Fact]
    public void A_future_date_is_placed_at_the_time_first_seen_in_every_output()
    {
        const string title = "Tomorrow's launch, announced early";
        var atom = AtomEntry(title);
        var rss = XDocument.Parse(corpus.Text("feed.rss")).Root!.Element("channel")!.Elements("item").Single(i => (string)i.Element("title")! == title);
        using var json = JsonDocument.Parse(corpus.Text("feed.json"));
        var item = json.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("title").GetString() == title);
        var dates = new[]
        {
            Date(atom, "published"), Date(atom, "updated"),
            DateTimeOffset.Parse((string)rss.Element("pubDate")!, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(item.GetProperty("date_published").GetString()!, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(item.GetProperty("date_modified").GetString()!, CultureInfo.InvariantCulture),
        };
        Assert.All(dates, d => Assert.InRange(d, corpus.Now.AddSeconds(-1), corpus.Now.AddMinutes(2)));
        Assert.All(dates, d => Assert.True(d < corpus.Future.AddDays(-2)));
    }

    [Fact]
    public async Task Every_published_link_is_the_real_article_url_without_tracking_while_the_stored_original_is_kept()
    {
        var climate = AtomEntry("Ministers agree climate deal");
        Assert.Equal("https://wire.example.org/climate-deal?id=7", (string)climate.Elements(A + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!);
        // The agency's copy came through a Google redirect with a campaign tag: unwrapped and cleaned.
        Assert.Equal(OutputCorpus.ClimateClean, (string)climate.Elements(A + "link").Single(l => (string?)l.Attribute("rel") == "related").Attribute("href")!);
        var bulletin = AtomEntry("Undated bulletin from the desk");
        Assert.Equal(corpus.Farm.Url("/bulletins/1").AbsoluteUri, (string)bulletin.Elements(A + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!);

        // No link of any output carries a tracking parameter or a wrapper (the HTML of an article is the publisher's own).
        var rssLinks = XDocument.Parse(corpus.Text("feed.rss")).Descendants("link").Select(l => l.Value);
        using var json = JsonDocument.Parse(corpus.Text("feed.json"));
        var jsonLinks = json.RootElement.GetProperty("items").EnumerateArray().SelectMany(i =>
            i.GetProperty("_feedaggregator").GetProperty("sources").EnumerateArray().Select(s => s.TryGetProperty("url", out var u) ? u.GetString()! : "")
                .Append(i.TryGetProperty("url", out var url) ? url.GetString()! : ""));
        var atomLinks = new[] { "feed.atom", "feed.atom page 2" }.SelectMany(AtomEntries).SelectMany(e => e.Elements(A + "link")).Select(l => (string)l.Attribute("href")!);
        var also = AtomEntries("feed.atom").Select(e => (string?)e.Element(A + "summary") ?? "").Where(s => s.Contains("Also covered by"));
        foreach (var link in rssLinks.Concat(jsonLinks).Concat(atomLinks).Concat(also))
        {
            Assert.DoesNotContain("utm_", link);
            Assert.DoesNotContain("fbclid", link);
            Assert.DoesNotContain("google.com/url", link);
        }
        var digest = corpus.Text("digest.atom");
        Assert.DoesNotContain("utm_", digest);
        Assert.DoesNotContain("google.com/url", digest);

        var stored = await corpus.Host.Get<ArticleStore>().LatestAsync(new ArticleQuery(100), default);
        Assert.Contains(stored, a => a.Url == "https://wire.example.org/climate-deal?utm_source=rss&id=7&utm_medium=feed");
    }

    [Fact]
    public async Task An_empty_entry_is_not_published_but_counted_on_its_feed_and_a_titleless_one_is_titled_from_its_text()
    {
        var broken = await corpus.Host.Get<FeedStore>().FindAsync(corpus.Farm.Url("/broken.rss").AbsoluteUri, default);
        Assert.Equal(1, broken!.SkippedEntries);
        Assert.Contains("1 empty entry skipped", Feeds.FeedHealth.Skipped(broken));
        var fromBroken = AtomEntries("feed.atom").Concat(AtomEntries("feed.atom page 2"))
            .Where(e => (string?)e.Element(A + "source")?.Element(A + "title") == "Broken Blog").Select(e => (string)e.Element(A + "title")!).ToList();
        // Undated entries keep the order of their document, first on top.
        Assert.Equal(["Fish & chips, café style", "Short update: the server move is done."], fromBroken);
        foreach (var name in corpus.Outputs.Keys) Assert.DoesNotContain("(untitled)", corpus.Text(name));
        Assert.Contains("Short update: the server move is done.", corpus.Text("digest.atom"));
    }

    [Fact]
    public async Task Category_filters_ignore_case_and_an_unknown_category_or_feed_answers_404()
    {
        // "World news" and "World News" are both in the OPML; either spelling in any case finds both feeds' stories.
        var sources = AtomEntries("feed.atom world news").SelectMany(e => e.Element(A + "source")!.Elements(A + "title")).Select(t => t.Value).ToHashSet();
        Assert.True(sources.SetEquals(["World Wire", "Agency Desk"]), string.Join(", ", sources));
        var rssTitles = XDocument.Parse(corpus.Text("feed.rss world news")).Root!.Element("channel")!.Elements("item").Select(i => (string)i.Element("title")!);
        Assert.Equal(AtomEntries("feed.atom world news").Select(e => (string)e.Element(A + "title")!), rssTitles);

        foreach (var path in new[] { "/feed.atom?category=Sport", "/feed.rss?feed=https%3A%2F%2Fnowhere.example%2Ffeed", "/feed.json?category=x" })
        {
            var response = await corpus.Host.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var message = await response.Content.ReadAsStringAsync();
            Assert.True(message.Length < 200 && message.StartsWith("No "), message);
        }
        var oneFeed = await corpus.Host.Http.GetStringAsync("/feed.atom?feed=" + Uri.EscapeDataString(corpus.Farm.Url("/latin1.rss").AbsoluteUri));
        Assert.Equal(["Café crème à la française"], XDocument.Parse(oneFeed).Root!.Elements(A + "entry").Select(e => (string)e.Element(A + "title")!));
    }
}
