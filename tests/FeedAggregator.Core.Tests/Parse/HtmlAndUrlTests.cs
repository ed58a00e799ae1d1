using System.Text;
using FeedAggregator.Parse;

namespace FeedAggregator.Core.Tests.Parse;

public sealed class HtmlAndUrlTests
{
    private readonly FeedParser _parser = new();

    private ParsedEntry Entry(string itemXml, string? url = null) =>
        _parser.Parse(Encoding.UTF8.GetBytes($"<rss version=\"2.0\"><channel><link>http://channel.example.com/c/</link>{itemXml}</channel></rss>"),
            url is null ? null : new Uri(url)).Entries[0];

    [Theory]
    [InlineData("<p>hi<script>alert(1)</script></p>", "<p>hi</p>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>")]
    [InlineData("<img src=\"http://e.com/i.png\" onerror=\"evil()\">", "<img src=\"http://e.com/i.png\">")]
    [InlineData("<p onclick=\"evil()\" style=\"color: red; position: absolute\">x</p>", "<p style=\"color: red;\">x</p>")]
    [InlineData("<iframe src=\"http://e.com/\"></iframe>ok", "ok")]
    public void Html_is_sanitized(string html, string expected)
    {
        var e = Entry($"<item><description><![CDATA[{html}]]></description></item>");
        Assert.Equal(expected, e.Summary);
    }

    [Fact]
    public void Relative_urls_resolve_against_xml_base_then_document_then_channel_link()
    {
        var withBase = _parser.Parse(Encoding.UTF8.GetBytes(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"http://a.example.com/dir/\"><entry xml:base=\"sub/\"><link href=\"page\"/>"
            + "<content type=\"html\">&lt;a href=\"x.html\"&gt;x&lt;/a&gt;</content></entry></feed>"), new Uri("http://doc.example.com/feed"));
        Assert.Equal("http://a.example.com/dir/sub/page", withBase.Entries[0].Link);
        Assert.Contains("href=\"http://a.example.com/dir/sub/x.html\"", withBase.Entries[0].Content);

        var fromDoc = Entry("<item><link>/p</link><description>&lt;img src=\"i.png\"&gt;</description></item>", "http://doc.example.com/feeds/rss");
        Assert.Equal("http://doc.example.com/p", fromDoc.Link);
        Assert.Contains("src=\"http://doc.example.com/feeds/i.png\"", fromDoc.Summary);

        var fromChannel = Entry("<item><description>&lt;a href=\"q\"&gt;q&lt;/a&gt;</description></item>");
        Assert.Contains("href=\"http://channel.example.com/c/q\"", fromChannel.Summary);
    }

    [Fact]
    public void Titles_are_plain_text()
    {
        Assert.Equal("Fish & Chips", Entry("<item><title>Fish &amp;amp; Chips</title></item>").Title);
        Assert.Equal("bold move", Entry("<item><title>&lt;b&gt;bold&lt;/b&gt; move</title></item>").Title);
        Assert.Equal("a < b", Entry("<item><title>a &lt; b</title></item>").Title);
    }

    [Fact]
    public void Plain_text_content_is_escaped()
    {
        var f = _parser.Parse(Encoding.UTF8.GetBytes("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content>1 &lt; 2 &amp; &lt;b&gt;</content></entry></feed>"));
        Assert.Equal("1 &lt; 2 &amp; &lt;b&gt;", f.Entries[0].Content);
    }

    [Fact]
    public void Guid_is_the_link_unless_not_a_permalink()
    {
        Assert.Equal("http://g.example.com/1", Entry("<item><guid>http://g.example.com/1</guid></item>").Link);
        Assert.Null(Entry("<item><guid isPermaLink=\"false\">http://g.example.com/1</guid></item>").Link);
    }

    [Fact]
    public void Unsanitized_parse_stage_leaves_html_as_found()
    {
        var bytes = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><item><description>&lt;script&gt;x&lt;/script&gt;</description></item></channel></rss>");
        Assert.Equal("<script>x</script>", _parser.Parse(bytes, null, null, sanitize: false).Entries[0].Summary);
        Assert.Null(_parser.Parse(bytes).Entries[0].Summary);
    }
}
