using System.Text;
using System.Text.Json;

namespace FeedAggregator.Benchmarks;

/// <summary>Deterministic, realistic feed documents (tens of KB) in every format, for the speed benchmark.</summary>
internal static class FeedGenerator
{
    public enum Kind { Rss20, Atom10, Rss10, Rss091, Atom03, Json11 }

    private static readonly string[] Words =
    [
        "government", "market", "report", "climate", "council", "season", "technology", "energy", "health", "school",
        "river", "election", "court", "museum", "festival", "science", "budget", "transport", "housing", "football",
    ];

    public static byte[] Generate(Kind kind, int seed, int items = 40)
    {
        var rnd = new Random(seed);
        string Sentence(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => Words[rnd.Next(Words.Length)]));
        string Html() => $"<p>{Sentence(25)} <a href=\"/story/{rnd.Next(100000)}\">{Sentence(3)}</a>.</p><p><img src=\"https://img.example.com/{rnd.Next(9999)}.jpg\" alt=\"{Sentence(2)}\"> {Sentence(40)}</p>";
        var date = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var sb = new StringBuilder();
        switch (kind)
        {
            case Kind.Rss20 or Kind.Rss091:
                sb.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"").Append(kind == Kind.Rss20 ? "2.0" : "0.91")
                  .Append("\" xmlns:media=\"http://search.yahoo.com/mrss/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>")
                  .Append("<title>News ").Append(seed).Append("</title><link>https://news.example.com/</link><description>").Append(Sentence(8)).Append("</description><language>en-gb</language>");
                for (int i = 0; i < items; i++)
                {
                    var d = date.AddMinutes(-37 * i);
                    sb.Append("<item><title>").Append(Sentence(8)).Append("</title><link>https://news.example.com/a/").Append(seed * 1000 + i)
                      .Append("</link><guid isPermaLink=\"false\">urn:news:").Append(seed * 1000 + i).Append("</guid><pubDate>").Append(d.ToString("r"))
                      .Append("</pubDate><dc:creator>").Append(Sentence(2)).Append("</dc:creator><category>").Append(Words[rnd.Next(Words.Length)])
                      .Append("</category><description><![CDATA[").Append(Html()).Append("]]></description>");
                    if (kind == Kind.Rss20)
                        sb.Append("<content:encoded><![CDATA[").Append(Html()).Append(Html()).Append("]]></content:encoded><media:thumbnail url=\"https://img.example.com/t/").Append(i).Append(".jpg\" width=\"240\"/>");
                    sb.Append("</item>");
                }
                sb.Append("</channel></rss>");
                break;
            case Kind.Atom10 or Kind.Atom03:
                bool a10 = kind == Kind.Atom10;
                sb.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?><feed ").Append(a10 ? "xmlns=\"http://www.w3.org/2005/Atom\"" : "version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"")
                  .Append(" xml:lang=\"en\"><title>Blog ").Append(seed).Append("</title><link rel=\"alternate\" type=\"text/html\" href=\"https://blog.example.org/\"/><id>tag:blog.example.org,2025:").Append(seed)
                  .Append("</id><").Append(a10 ? "updated" : "modified").Append('>').Append(date.ToString("yyyy-MM-ddTHH:mm:ssZ")).Append("</").Append(a10 ? "updated" : "modified").Append('>');
                for (int i = 0; i < items; i++)
                {
                    var d = date.AddMinutes(-53 * i).ToString("yyyy-MM-ddTHH:mm:ssZ");
                    sb.Append("<entry><title>").Append(Sentence(7)).Append("</title><link rel=\"alternate\" type=\"text/html\" href=\"https://blog.example.org/p/").Append(i)
                      .Append("\"/><id>tag:blog.example.org,2025:p").Append(seed * 1000 + i).Append("</id><").Append(a10 ? "updated" : "modified").Append('>').Append(d)
                      .Append("</").Append(a10 ? "updated" : "modified").Append("><author><name>").Append(Sentence(2)).Append("</name></author>");
                    if (a10) sb.Append("<category term=\"").Append(Words[rnd.Next(Words.Length)]).Append("\"/><summary>").Append(Sentence(20)).Append("</summary><content type=\"html\">");
                    else sb.Append("<content type=\"text/html\" mode=\"escaped\">");
                    sb.Append(System.Security.SecurityElement.Escape(Html() + Html())).Append("</content></entry>");
                }
                sb.Append("</feed>");
                break;
            case Kind.Rss10:
                sb.Append("<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">")
                  .Append("<channel rdf:about=\"https://planet.example.net/\"><title>Planet</title><link>https://planet.example.net/</link><description>").Append(Sentence(6)).Append("</description></channel>");
                for (int i = 0; i < items; i++)
                    sb.Append("<item rdf:about=\"https://planet.example.net/").Append(i).Append("\"><title>").Append(Sentence(6)).Append("</title><link>https://planet.example.net/").Append(i)
                      .Append("</link><dc:date>").Append(date.AddHours(-i).ToString("yyyy-MM-ddTHH:mm:sszzz")).Append("</dc:date><dc:subject>").Append(Words[rnd.Next(Words.Length)])
                      .Append("</dc:subject><description>").Append(System.Security.SecurityElement.Escape(Html() + Html())).Append("</description></item>");
                sb.Append("</rdf:RDF>");
                break;
            case Kind.Json11:
                var feed = new
                {
                    version = "https://jsonfeed.org/version/1.1",
                    title = "Micro " + seed,
                    home_page_url = "https://micro.example.com/",
                    items = Enumerable.Range(0, items).Select(i => new
                    {
                        id = (seed * 1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        url = "https://micro.example.com/" + i,
                        title = Sentence(6),
                        content_html = Html() + Html(),
                        date_published = date.AddHours(-i).ToString("yyyy-MM-ddTHH:mm:ssZ"),
                        tags = new[] { Words[rnd.Next(Words.Length)] },
                    }).ToArray(),
                };
                return JsonSerializer.SerializeToUtf8Bytes(feed);
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
