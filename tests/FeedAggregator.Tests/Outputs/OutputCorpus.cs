using System.Text;
using System.Xml.Linq;
using FeedAggregator.Digest;
using FeedAggregator.Store;
using FeedAggregator.Tests.Infrastructure;

namespace FeedAggregator.Tests.Outputs;

/// <summary>The real host polling a corpus of varied source feeds (every sample format of the parser's tests, plus
/// HTML-heavy content, relative links, tracking parameters and redirect wrappers, missing and future dates, non-ASCII
/// text in UTF-8 and ISO-8859-1, a malformed feed with an empty entry and a title-less one), and every output it
/// serves, saved once for the validator and the readers to check.</summary>
public sealed class OutputCorpus : IAsyncLifetime
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    public readonly TempDir Dir = new();
    public FeedFarm Farm { get; private set; } = null!;
    public ServiceHost Host { get; private set; } = null!;
    /// <summary>Name → the URL it was served at, the file it was saved to and the Content-Type it was served with.</summary>
    public Dictionary<string, (Uri Url, string File, string ContentType)> Outputs { get; } = [];
    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;
    public DateTimeOffset ClimateLead => Seconds(Now.AddHours(-2));
    public DateTimeOffset ClimateAgency => Seconds(Now.AddHours(-1));
    public DateTimeOffset NonAscii => Seconds(Now.AddHours(-3));
    public DateTimeOffset Future => Seconds(Now.AddDays(3));

    public const string ClimateClean = "https://wire.example.org/climate-deal?id=7";

    public async Task InitializeAsync()
    {
        Farm = await FeedFarm.StartAsync();
        var opml = new List<(string, string, string?)>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestFeeds")).Order())
        {
            var path = "/samples/" + Path.GetFileName(file);
            // Served byte for byte: a sample declares its own encoding (planet-rdf.xml is ISO-8859-1).
            var bytes = File.ReadAllBytes(file);
            var type = file.EndsWith(".json") ? "application/feed+json" : "application/xml";
            Farm.Handle(path, async ctx => { ctx.Response.ContentType = type; await ctx.Response.Body.WriteAsync(bytes); });
            opml.Add((Farm.Url(path).AbsoluteUri, Path.GetFileNameWithoutExtension(file), null));
        }
        Farm.Serve("/world.rss", WorldRss());
        Farm.Serve("/agency.atom", AgencyAtom());
        Farm.Serve("/broken.rss", BrokenRss());
        var latin1 = Encoding.Latin1.GetBytes(Latin1Rss());
        Farm.Handle("/latin1.rss", async ctx => { ctx.Response.ContentType = "application/rss+xml"; await ctx.Response.Body.WriteAsync(latin1); });
        opml.Add((Farm.Url("/world.rss").AbsoluteUri, "World Wire", "World news"));
        // The same category spelled differently in the OPML: a filter matches both.
        opml.Add((Farm.Url("/agency.atom").AbsoluteUri, "Agency Desk", "World News"));
        opml.Add((Farm.Url("/broken.rss").AbsoluteUri, "Broken Blog", "Tech"));
        opml.Add((Farm.Url("/latin1.rss").AbsoluteUri, "Latin Blog", "Tech"));

        // The samples carry dates from years ago: keep everything. Six entries a page, so that there are several.
        Host = await ServiceHost.StartAsync(Dir, Dir.WriteOpml([.. opml]), "--Retention:Days=0", "--Publishing:Items=6");
        await ServiceHost.WaitUntilAsync(async () =>
            (await Host.Get<FeedStore>().ListAsync(default)).All(f => f.LastPolledAt is not null), "every feed polled");
        await Host.WaitForStoriesAsync();

        await SaveAllPagesAsync("feed.atom");
        await SaveAllPagesAsync("feed.rss");
        await SaveAsync("feed.json", "/feed.json");
        await SaveAsync("feed.atom world news", "/feed.atom?category=world%20news");
        await SaveAsync("feed.rss world news", "/feed.rss?category=WORLD%20NEWS");
        await SaveAsync("digest.atom empty", "/digest.atom");
        var digest = await Host.Get<DigestService>().CloseWindowAsync(DateTimeOffset.UtcNow, default);
        Assert.NotNull(digest);
        await SaveAsync("digest.atom", "/digest.atom");
    }

    /// <summary>The names of every saved page of a merged feed ("feed.atom", "feed.atom page 2", …), first page first.</summary>
    public IReadOnlyList<string> Pages(string feed) =>
        [feed, .. Enumerable.Range(2, int.MaxValue - 2).Select(n => $"{feed} page {n}").TakeWhile(Outputs.ContainsKey)];

    private async Task SaveAsync(string name, string pathAndQuery)
    {
        var url = new Uri(Host.BaseUrl, pathAndQuery);
        using var response = await Host.Http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        var file = Dir.File(name.Replace(' ', '-') + (name.StartsWith("feed.json") ? ".json" : ".xml"));
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        Outputs[name] = (url, file, response.Content.Headers.ContentType!.ToString());
    }

    /// <summary>Every page, following the rel="next" links to the last, so that the oldest entries (the samples, years
    /// old) are checked as well as the newest.</summary>
    private async Task SaveAllPagesAsync(string feed)
    {
        await SaveAsync(feed, "/" + feed);
        for (var page = 2; NextLink(Pages(feed)[^1]) is { } next; page++)
        {
            Assert.True(page <= 10, $"{feed}: more pages than the corpus has entries");
            await SaveAsync($"{feed} page {page}", next);
        }
        Assert.True(Pages(feed).Count >= 3, $"{feed}: the corpus should fill at least three pages");
    }

    private string? NextLink(string name)
    {
        var doc = XDocument.Load(Outputs[name].File);
        var next = doc.Descendants(Atom + "link").SingleOrDefault(l => (string?)l.Attribute("rel") == "next");
        return next is null ? null : new Uri((string)next.Attribute("href")!).PathAndQuery;
    }

    public string Text(string name) => File.ReadAllText(Outputs[name].File);

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Farm.DisposeAsync();
        Dir.Dispose();
    }

    private static DateTimeOffset Seconds(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());

    private string WorldRss() => $$"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel><title>World Wire</title><link>https://wire.example.org/</link><description>Wire copy</description>
        <item><title>Ministers agree climate deal</title>
          <link>https://wire.example.org/climate-deal?utm_source=rss&amp;id=7&amp;utm_medium=feed</link>
          <guid isPermaLink="false">wire-climate</guid><pubDate>{{ClimateLead:R}}</pubDate><dc:creator>Ana Pérez</dc:creator>
          <description>Ministers from forty countries agreed a deal on emissions late on Sunday.</description>
          <content:encoded><![CDATA[<p>Ministers from forty countries <b>agreed</b> a deal on emissions late on Sunday.</p>
            <table><tr><th>Country</th><th>Cut</th></tr><tr><td>A</td><td>40%</td></tr></table>
            <ul><li>Targets for 2035</li><li>A fund for adaptation</li></ul>
            <blockquote><p>"A turning point," said the chair.</p></blockquote>
            <pre><code>cuts = [40, 35]</code></pre>
            <p><img src="/img/summit.jpg" alt="The summit"> <a href="../about?utm_source=x">About the wire</a></p>]]></content:encoded>
        </item>
        <item><title>Tomorrow's launch, announced early</title><link>https://wire.example.org/launch</link>
          <guid isPermaLink="false">wire-launch</guid><pubDate>{{Future:R}}</pubDate><dc:creator>Ana Pérez</dc:creator>
          <description>The rocket launch is dated in the future by the publisher.</description></item>
        <item><title>Zürich: Ärzte warnen — 東京で会議 🚀</title><link>https://wire.example.org/zurich</link>
          <guid isPermaLink="false">wire-zurich</guid><pubDate>{{NonAscii:R}}</pubDate><dc:creator>Jörg Müller</dc:creator>
          <description>Ärzte in Zürich warnen vor Überlastung; 会議は東京で開かれた。</description></item>
        </channel></rss>
        """;

    private string AgencyAtom() => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Agency Desk</title><id>urn:agency</id>
        <link href="https://agency.example.net/"/><updated>{ClimateAgency:yyyy-MM-ddTHH:mm:ssZ}</updated>
        <entry><title>Climate deal agreed by ministers</title><id>urn:agency:climate</id>
          <link rel="alternate" href="https://www.google.com/url?q=https%3A%2F%2Fwire.example.org%2Fclimate-deal%3Fid%3D7%26utm_campaign%3Dagency"/>
          <published>{ClimateAgency:yyyy-MM-ddTHH:mm:ssZ}</published><updated>{ClimateAgency:yyyy-MM-ddTHH:mm:ssZ}</updated>
          <author><name>Desk Editor</name></author><summary>Ministers from forty countries agreed a deal on emissions.</summary></entry>
        <entry><title>Undated bulletin from the desk</title><id>urn:agency:bulletin</id>
          <link rel="alternate" href="/bulletins/1?fbclid=abc"/>
          <author><name>Desk Editor</name></author><content type="html">&lt;p&gt;A bulletin without any date.&lt;/p&gt;</content></entry>
        </feed>
        """;

    // Malformed on purpose: a bare ampersand, an undeclared HTML entity, an empty item, a title-less item, no dates.
    private static string BrokenRss() => """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Broken Blog</title><link>https://broken.example.com/</link><description>b</description>
        <item><title>Fish & chips, caf&eacute; style</title><link>https://broken.example.com/fish</link><guid>fish</guid>
          <description>Recipe &amp; notes.</description></item>
        <item></item>
        <item><link>https://broken.example.com/update</link><guid>update</guid>
          <description>Short update: the server move is done. More later, with pictures.</description></item>
        </channel></rss>
        """;

    private string Latin1Rss() => $"""
        <?xml version="1.0" encoding="iso-8859-1"?>
        <rss version="2.0"><channel><title>Latin Blog</title><link>https://latin.example.fr/</link><description>l</description>
        <item><title>Café crème à la française</title><link>https://latin.example.fr/cafe</link><guid>cafe</guid>
          <pubDate>{Now.AddHours(-5):R}</pubDate><description>Crème fraîche, déjà vu.</description></item>
        </channel></rss>
        """;
}
