using System.Globalization;
using System.Security;
using System.Text;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// N generated feeds for the polling benchmark, built on request from (feed, version) so that 10,000 feeds of
/// 20–100 KB do not sit in memory: a third each RSS 2.0, Atom 1.0 and RSS 1.0 (RDF). Feed f has 10–50 entries of
/// about 2 KB (HTML content with links and markup), newest first, at its own publishing rhythm; about 10% of entries
/// are wire stories carried by many feeds (same link, title and text). Each version adds three entries at the top.
/// </summary>
internal sealed class SyntheticFeeds
{
    private const int WireShare = 10; // percent
    private readonly Story[] _stories;
    private readonly int[] _versions;
    private readonly DateTimeOffset _epoch;

    public SyntheticFeeds(int count, DateTimeOffset epoch)
    {
        _versions = new int[count];
        _epoch = epoch;
        var news = new SyntheticNews(42);
        _stories = Enumerable.Range(0, 20_000).Select(_ => news.NewStory()).ToArray();
    }

    public int Count => _versions.Length;

    /// <summary>The publisher posts three new entries to feed <paramref name="feed"/>.</summary>
    public void Change(int feed) => Interlocked.Increment(ref _versions[feed]);

    public string ETag(int feed) => $"\"{feed}-{Volatile.Read(ref _versions[feed])}\"";

    public DateTimeOffset LastModified(int feed) => Published(feed, Newest(feed, Volatile.Read(ref _versions[feed])));

    public static string Extension(int feed) => (feed % 3) switch { 0 => "rss", 1 => "atom", _ => "rdf" };

    public static string ContentType(int feed) => (feed % 3) switch
    {
        0 => "application/rss+xml; charset=utf-8", 1 => "application/atom+xml; charset=utf-8", _ => "application/rdf+xml; charset=utf-8",
    };

    private static int EntryCount(int feed) => 10 + (int)((uint)Mix(feed, 7) % 41);
    private int Newest(int feed, int version) => version * 3 + EntryCount(feed) - 1;
    // Each feed has its own rhythm: one entry every 20 minutes to every 2 days.
    private static TimeSpan Gap(int feed) => TimeSpan.FromMinutes(20 + (uint)Mix(feed, 3) % 2860);
    // Stable per entry across versions; version 0's newest entry is six gaps old, so that the next versions' entries
    // are still in the past.
    private DateTimeOffset Published(int feed, int seq) => _epoch - Gap(feed) * (Newest(feed, 0) + 6 - seq);

    /// <summary>Writes feed <paramref name="feed"/>'s current document into <paramref name="sb"/> (reused by the caller:
    /// the farm runs in the measured process, and fresh 100 KB builders would add their own GC cost to the figures).</summary>
    public void Document(int feed, StringBuilder sb)
    {
        var version = Volatile.Read(ref _versions[feed]);
        var site = $"https://site{feed}.example";
        var title = $"Site {feed} News";
        switch (feed % 3)
        {
            case 0:
                sb.Append($"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>{title}</title><link>{site}/</link><description>News from site {feed}</description><language>en</language>""").Append('\n');
                break;
            case 1:
                sb.Append($"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title><id>{site}/</id><link href="{site}/"/><updated>{LastModified(feed):yyyy-MM-ddTHH:mm:ssZ}</updated>""").Append('\n');
                break;
            default:
                sb.Append($"""<?xml version="1.0" encoding="utf-8"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel rdf:about="{site}/"><title>{title}</title><link>{site}/</link><description>News from site {feed}</description></channel>""").Append('\n');
                break;
        }
        var newest = Newest(feed, version);
        for (var seq = newest; seq > newest - EntryCount(feed); seq--)
        {
            var key = Mix(feed, seq);
            var wire = (uint)key % 100 < WireShare;
            // Wire stories come from a small pool so that many feeds carry each one.
            var storyIndex = wire ? (int)((uint)(key >> 8) % 500) : 500 + (int)((uint)(key >> 8) % (_stories.Length - 500));
            var story = _stories[storyIndex];
            var link = wire ? $"https://wire.example/story/{storyIndex}?utm_source=site{feed}" : $"{site}/{seq}/{Slug(story.Title)}";
            var entryTitle = E(story.Title);
            var content = E(Content(story, storyIndex, link));
            var date = Published(feed, seq);
            switch (feed % 3)
            {
                case 0:
                    sb.Append($"<item><title>{entryTitle}</title><link>{E(link)}</link><guid isPermaLink=\"false\">{site}/p/{seq}</guid><pubDate>{date.ToString("R", CultureInfo.InvariantCulture)}</pubDate><dc:creator>Reporter {seq % 17}</dc:creator><category>Section {seq % 7}</category><description>{E(story.Summary)}</description><content:encoded>{content}</content:encoded></item>\n");
                    break;
                case 1:
                    sb.Append($"<entry><title>{entryTitle}</title><id>{site}/p/{seq}</id><link rel=\"alternate\" href=\"{E(link)}\"/><published>{date:yyyy-MM-ddTHH:mm:ssZ}</published><updated>{date:yyyy-MM-ddTHH:mm:ssZ}</updated><author><name>Reporter {seq % 17}</name></author><category term=\"section-{seq % 7}\"/><summary>{E(story.Summary)}</summary><content type=\"html\">{content}</content></entry>\n");
                    break;
                default:
                    sb.Append($"<item rdf:about=\"{E(link)}\"><title>{entryTitle}</title><link>{E(link)}</link><dc:date>{date:yyyy-MM-ddTHH:mm:ssZ}</dc:date><dc:creator>Reporter {seq % 17}</dc:creator><description>{E(story.Summary)}</description><content:encoded>{content}</content:encoded></item>\n");
                    break;
            }
        }
        sb.Append((feed % 3) switch { 0 => "</channel></rss>", 1 => "</feed>", _ => "</rdf:RDF>" });
    }

    /// <summary>About 2 KB of article HTML: the summary, then paragraphs borrowed from other stories, with a link and emphasis.</summary>
    private string Content(Story story, int index, string link)
    {
        var sb = new StringBuilder(2400);
        sb.Append("<p><strong>").Append(story.Summary).Append("</strong></p>");
        for (var i = 1; i <= 6; i++)
        {
            var other = _stories[(index * 31 + i * 977) % _stories.Length];
            sb.Append("<p>").Append(other.Summary).Append(' ').Append(other.Title).Append(". <em>").Append(story.Title).Append("</em></p>");
        }
        sb.Append("<p><a href=\"").Append(link).Append("\">Read more</a></p>");
        return sb.ToString();
    }

    private static string Slug(string title) => string.Join('-', title.ToLowerInvariant().Split(' ').Take(6));

    private static long Mix(int a, int b)
    {
        var x = (ulong)(uint)a * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)b * 0xC2B2AE3D27D4EB4FUL;
        x ^= x >> 31; x *= 0xBF58476D1CE4E5B9UL; x ^= x >> 29;
        return (long)(x >> 1);
    }

    private static string E(string s) => SecurityElement.Escape(s);
}
