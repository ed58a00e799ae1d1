using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FeedAggregator.Store;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Tests.Outputs;

/// <summary>What every output says about the corpus's entries: their own dates, clean links, no junk, filters.</summary>
public sealed class OutputCorpusTests(OutputCorpus corpus) : IClassFixture<OutputCorpus>
{
    private static readonly XNamespace A = OutputCorpus.Atom;

    private IEnumerable<XElement> AtomEntries(string name) => XDocument.Parse(corpus.Text(name)).Root!.Elements(A + "entry");

    /// <summary>Every entry of /feed.atom, page after page.</summary>
    private IEnumerable<XElement> AllAtomEntries => corpus.Pages("feed.atom").SelectMany(AtomEntries);

    private XElement AtomEntry(string title) => AllAtomEntries.Single(e => (string)e.Element(A + "title")! == title);

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
        var published = AllAtomEntries.Select(e => Date(e, "published")).ToList();
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

        // The digest lists it at that time too: its day is not named, as it would be three days ahead (or, should the
        // digest be made just after midnight, named as the day it was first seen).
        var zone = new FeedAggregator.Digest.DigestSchedule(corpus.Host.Get<IOptions<FeedAggregator.Digest.DigestOptions>>().Value).TimeZone;
        var digest = WebUtility.HtmlDecode((string)XDocument.Parse(corpus.Text("digest.atom")).Root!.Element(A + "entry")!.Element(A + "content")!);
        var listed = Regex.Match(digest, Regex.Escape(title) + @"</a>\s*<div[^>]*>World Wire · (?<time>[^<]+)</div>");
        Assert.True(listed.Success, digest);
        var seen = TimeZoneInfo.ConvertTime(dates[0], zone);
        Assert.Contains(listed.Groups["time"].Value, new[] { seen.ToString("HH:mm", CultureInfo.InvariantCulture), seen.ToString("ddd HH:mm", CultureInfo.InvariantCulture) });
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

        // No link of any output carries a tracking parameter or a wrapper (the HTML of an article is the publisher's own,
        // so of the entries' HTML only the "Also covered by" paragraph we add is ours).
        var rssItems = corpus.Pages("feed.rss").SelectMany(p => XDocument.Parse(corpus.Text(p)).Root!.Element("channel")!.Elements("item")).ToList();
        var rssLinks = rssItems.Select(i => (string?)i.Element("link") ?? "");
        using var json = JsonDocument.Parse(corpus.Text("feed.json"));
        var jsonItems = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        var jsonLinks = jsonItems.SelectMany(i =>
            i.GetProperty("_feedaggregator").GetProperty("sources").EnumerateArray().Select(s => s.TryGetProperty("url", out var u) ? u.GetString()! : "")
                .Append(i.TryGetProperty("url", out var url) ? url.GetString()! : ""));
        var atomLinks = AllAtomEntries.SelectMany(e => e.Elements(A + "link")).Select(l => (string)l.Attribute("href")!);
        XNamespace content = "http://purl.org/rss/1.0/modules/content/";
        var html = AllAtomEntries.SelectMany(e => new[] { (string?)e.Element(A + "summary"), (string?)e.Element(A + "content") })
            .Concat(rssItems.SelectMany(i => new[] { (string?)i.Element("description"), (string?)i.Element(content + "encoded") }))
            .Concat(jsonItems.Select(i => i.GetProperty("content_html").GetString()));
        var also = html.SelectMany(h => Regex.Matches(h ?? "", "<p>Also covered by: .*?</p>").Select(m => m.Value)).ToList();
        // The climate story's agency copy, in the Atom summary and content, the RSS description and content:encoded, JSON.
        Assert.True(also.Count >= 5, string.Join("\n", also));
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
        // As a person sees it: on the status page, under the feed.
        Assert.Contains("1 empty entry skipped on the last poll", await corpus.Host.Http.GetStringAsync("/"));
        var fromBroken = AllAtomEntries
            .Where(e => (string?)e.Element(A + "source")?.Element(A + "title") == "Broken Blog").Select(e => (string)e.Element(A + "title")!).ToList();
        // Undated entries keep the order of their document, first on top.
        Assert.Equal(["Fish & chips, café style", "Short update: the server move is done."], fromBroken);
        foreach (var name in corpus.Outputs.Keys) Assert.DoesNotContain("(untitled)", corpus.Text(name));
        Assert.Contains("Short update: the server move is done.", corpus.Text("digest.atom"));
    }

    [Fact]
    public void An_atom_or_json_feed_entry_without_an_author_is_by_its_feeds_authors_but_not_an_rss_item_by_the_editor()
    {
        // blog-atom10.xml names Sam Joiner on the feed only; jsonfeed11.json names Ada at the top only.
        var dovetails = AtomEntry("Dovetails by hand");
        Assert.Equal(["Sam Joiner"], dovetails.Elements(A + "author").Select(a => (string)a.Element(A + "name")!));
        Assert.Equal("sam@example.org", (string?)dovetails.Element(A + "author")!.Element(A + "email"));
        Assert.Equal(["Ada"], AtomEntry("Plain <text> & more").Elements(A + "author").Select(a => (string)a.Element(A + "name")!));
        XNamespace dc = "http://purl.org/dc/elements/1.1/";
        var items = corpus.Pages("feed.rss").SelectMany(p => XDocument.Parse(corpus.Text(p)).Root!.Element("channel")!.Elements("item")).ToList();
        Assert.Equal("Sam Joiner", (string?)items.Single(i => (string)i.Element("title")! == "Dovetails by hand").Element(dc + "creator"));
        // rss091.xml has a managingEditor: the editor of the channel, not the writer of its item.
        var menu = AtomEntry("Menu d'hiver");
        Assert.Empty(menu.Elements(A + "author"));
    }

    [Fact]
    public void Rss_declares_its_prefixes_on_the_root_and_writes_plain_text_as_the_rss_profile_asks()
    {
        XNamespace content = "http://purl.org/rss/1.0/modules/content/", dc = "http://purl.org/dc/elements/1.1/";
        foreach (var page in corpus.Pages("feed.rss"))
        {
            var text = corpus.Text(page);
            var rss = XDocument.Parse(text).Root!;
            Assert.Equal([("content", content.NamespaceName), ("dc", dc.NamespaceName), ("atom", A.NamespaceName)],
                rss.Attributes().Where(a => a.IsNamespaceDeclaration).Select(a => (a.Name.LocalName, a.Value)));
            Assert.DoesNotContain(rss.Descendants().SelectMany(e => e.Attributes()), a => a.IsNamespaceDeclaration);
            Assert.DoesNotContain("a10:", text);
            Assert.All(rss.Descendants().Where(e => e.Name.Namespace == A), e => Assert.Equal("link", e.Name.LocalName));
        }
        var climate = corpus.Pages("feed.rss").SelectMany(p => XDocument.Parse(corpus.Text(p)).Root!.Element("channel")!.Elements("item"))
            .Single(i => (string)i.Element("title")! == "Ministers agree climate deal");
        Assert.Contains("<table>", (string)climate.Element(content + "encoded")!);
        Assert.Equal("Ana Pérez", (string?)climate.Element(dc + "creator"));
        // The JSON Feed note titled by its text: "<" and "&" as hexadecimal character references, not &lt; and &amp;.
        Assert.Contains(corpus.Pages("feed.rss").Select(corpus.Text), t => t.Contains("<title>Plain &#x3C;text&gt; &#x26; more</title>"));
    }

    [Fact]
    public void The_digest_feed_gives_each_entry_an_author_and_the_page_body_and_while_empty_is_dated_by_the_start()
    {
        var empty = XDocument.Parse(corpus.Text("digest.atom empty")).Root!;
        Assert.Empty(empty.Elements(A + "entry"));
        // Whole seconds in the feed: the start, not 1970 nor the time of the request.
        var started = corpus.Host.Get<Publish.ServiceStart>().At;
        Assert.InRange(Date(empty, "updated"), started.AddSeconds(-1), started);

        var feed = XDocument.Parse(corpus.Text("digest.atom")).Root!;
        var entry = Assert.Single(feed.Elements(A + "entry"));
        Assert.Equal(Date(entry, "updated"), Date(feed, "updated"));
        Assert.False(string.IsNullOrWhiteSpace((string?)entry.Element(A + "author")?.Element(A + "name")), entry.ToString());
        var content = entry.Element(A + "content")!;
        Assert.Equal("html", (string?)content.Attribute("type"));
        // A fragment of the web page, not a document of its own.
        foreach (var tag in new[] { "<!doctype", "<html", "<head", "<body", "<title" })
            Assert.DoesNotContain(tag, content.Value, StringComparison.OrdinalIgnoreCase);
        // The whole window, as the web page lists it: every story of the merged feed.
        var text = WebUtility.HtmlDecode(content.Value);
        var missing = AllAtomEntries.Select(e => (string)e.Element(A + "title")!).Where(t => !text.Contains(t)).ToList();
        Assert.True(missing.Count == 0, "not in the digest entry: " + string.Join(", ", missing));
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
