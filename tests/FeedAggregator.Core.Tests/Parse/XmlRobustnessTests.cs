using System.Text;
using FeedAggregator.Parse;

namespace FeedAggregator.Core.Tests.Parse;

public sealed class XmlRobustnessTests
{
    private readonly FeedParser _parser = new();

    static XmlRobustnessTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private ParsedFeed Parse(string xml) => _parser.Parse(Encoding.UTF8.GetBytes(xml));

    [Fact]
    public void Windows_1252_declared_is_decoded()
    {
        var bytes = Encoding.GetEncoding(1252).GetBytes("<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss version=\"2.0\"><channel><title>Caf\u00e9 \u201cquotes\u201d \u20ac</title></channel></rss>");
        var feed = _parser.Parse(bytes);
        Assert.Equal("Caf\u00e9 \u201cquotes\u201d \u20ac", feed.Title);
        Assert.False(feed.Bozo);
    }

    [Fact]
    public void Koi8_r_declared_is_decoded()
    {
        var bytes = Encoding.GetEncoding("koi8-r").GetBytes("<?xml version=\"1.0\" encoding=\"koi8-r\"?><rss version=\"2.0\"><channel><title>Новости</title></channel></rss>");
        Assert.Equal("Новости", _parser.Parse(bytes).Title);
    }

    [Fact]
    public void Http_charset_is_used_when_the_document_declares_nothing()
    {
        var bytes = Encoding.GetEncoding("koi8-r").GetBytes("<rss version=\"2.0\"><channel><title>Привет</title></channel></rss>");
        Assert.Equal("Привет", _parser.Parse(bytes, null, "koi8-r").Title);
    }

    [Fact]
    public void Bom_wins_over_the_declaration()
    {
        var body = Encoding.Unicode.GetBytes("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss version=\"2.0\"><channel><title>日本</title></channel></rss>");
        var bytes = new byte[] { 0xFF, 0xFE }.Concat(body).ToArray();
        Assert.Equal("日本", _parser.Parse(bytes).Title);
        var utf8 = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>é</title></channel></rss>")).ToArray();
        Assert.Equal("é", _parser.Parse(utf8).Title);
    }

    [Fact]
    public void Invalid_utf8_falls_back_to_windows_1252_as_bozo()
    {
        var bytes = Encoding.ASCII.GetBytes("<rss version=\"2.0\"><channel><title>don?t</title></channel></rss>");
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0x92;
        var feed = _parser.Parse(bytes);
        Assert.Equal("don\u2019t", feed.Title);
        Assert.True(feed.Bozo);
    }

    [Fact]
    public void Undeclared_html_entities_are_repaired()
    {
        var feed = Parse("<rss version=\"2.0\"><channel><title>caf&eacute; &nbsp;&zwnj;x &hellip; &amp; AT&T</title></channel></rss>");
        Assert.Equal("café \u00a0\u200cx … & AT&T", feed.Title);
        Assert.True(feed.Bozo);
    }

    [Fact]
    public void Junk_before_root_and_illegal_characters_are_removed()
    {
        var feed = Parse("\n\n  garbage<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>a\u0001b\u000Bc</title></channel></rss>");
        Assert.Equal("abc", feed.Title);
        Assert.True(feed.Bozo);
    }

    [Fact]
    public void Unreadable_xml_throws_with_line_and_column()
    {
        var ex = Assert.Throws<FeedParseException>(() => Parse("\n\n   <<<< not xml"));
        Assert.Matches("line \\d+, column \\d+", ex.Message);
        Assert.Throws<FeedParseException>(() => _parser.Parse([]));
    }

    [Fact]
    public void Broken_end_keeps_what_was_read()
    {
        var feed = Parse("<rss version=\"2.0\"><channel><title>ok</title><item><title>one</title></item><item><title>two");
        Assert.True(feed.Bozo);
        Assert.Equal("ok", feed.Title);
        Assert.Equal("one", feed.Entries[0].Title);
        Assert.Contains("line", feed.BozoReason);
    }

    [Fact]
    public void External_entities_and_dtds_are_not_resolved()
    {
        var secret = Path.Combine(Path.GetTempPath(), "feedagg-xxe-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(secret, "TOP-SECRET-CONTENT");
        try
        {
            var uri = new Uri(secret).AbsoluteUri;
            var xml = $"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"{uri}\"><!ENTITY passwd SYSTEM \"file:///etc/passwd\">]>"
                + "<rss version=\"2.0\"><channel><title>t &xxe; &passwd;</title><description>&xxe;</description></channel></rss>";
            var json = ParsedFeedJson.Write(Parse(xml));
            Assert.DoesNotContain("TOP-SECRET-CONTENT", json);
            Assert.DoesNotContain("root:", json);
        }
        finally
        {
            File.Delete(secret);
        }
    }
}
