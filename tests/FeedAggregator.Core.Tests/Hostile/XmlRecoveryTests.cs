using System.Text;
using FeedAggregator.Parse;

namespace FeedAggregator.Core.Tests.Hostile;

/// <summary>Issue 12 point 7: breakage real feeds show, read as a lenient reader would.</summary>
public sealed class XmlRecoveryTests
{
    private static readonly FeedParser Parser = new();
    private static ParsedFeed Parse(string doc) => Parser.Parse(Encoding.UTF8.GetBytes(doc));

    private static string Items(int from, int to) => string.Concat(Enumerable.Range(from, to - from).Select(i => $"<item><title>Item {i}</title><guid>g{i}</guid></item>"));

    [Theory]
    [InlineData("<content:encoded><![CDATA[<p>full</p>]]></content:encoded>")]
    [InlineData("<itunes:duration>12:00</itunes:duration>")]
    [InlineData("<wfw:commentRss>http://x.example/c</wfw:commentRss>")]
    public void An_undeclared_prefix_part_way_through_loses_none_of_the_later_entries(string undeclared)
    {
        var doc = $"<rss version=\"2.0\"><channel><title>T</title>{Items(0, 3)}<item><title>Item 3</title><guid>g3</guid>{undeclared}</item>{Items(4, 8)}</channel></rss>";
        var feed = Parse(doc);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"Item {i}"), feed.Entries.Select(e => e.Title));
        Assert.True(feed.Bozo);
    }

    [Fact]
    public void An_unclosed_element_before_the_items_does_not_lose_the_items()
    {
        var doc = $"<rss version=\"2.0\"><channel><title>T</title><description>About us<br></description>{Items(0, 4)}</channel></rss>";
        var feed = Parse(doc);
        Assert.Equal(4, feed.Entries.Count);
    }

    [Theory]
    [InlineData("\n\n  <?xml version=\"1.0\" encoding=\"utf-8\"?>")]
    [InlineData("<!-- generated --><?xml version=\"1.0\" encoding=\"utf-8\"?>")]
    public void A_comment_or_whitespace_before_the_XML_declaration_is_read(string prefix)
    {
        var feed = Parse($"{prefix}<rss version=\"2.0\"><channel><title>T</title>{Items(0, 2)}</channel></rss>");
        Assert.Equal("T", feed.Title);
        Assert.Equal(2, feed.Entries.Count);
    }

    [Fact]
    public void A_namespace_URI_with_stray_spaces_is_recognised()
    {
        var feed = Parse("<feed xmlns=\" http://www.w3.org/2005/Atom \"><title>A</title><entry><title>E</title><id>e1</id></entry></feed>");
        Assert.Equal(FeedFormat.Atom10, feed.Format);
        Assert.Equal("E", feed.Entries.Single().Title);
    }

    [Fact]
    public void An_Atom_feed_wrapped_in_an_XHTML_page_is_read()
    {
        var feed = Parse("""
            <?xml version="1.0"?>
            <html xmlns="http://www.w3.org/1999/xhtml"><head><title>Page</title></head><body><div>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Wrapped</title><entry><title>Inner</title><id>i1</id></entry></feed>
            </div></body></html>
            """);
        Assert.Equal(FeedFormat.Atom10, feed.Format);
        Assert.Equal("Wrapped", feed.Title);
        Assert.Equal("Inner", feed.Entries.Single().Title);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.1")]
    public void JSON_Feed_with_a_bare_version_number_is_read(string version)
    {
        var feed = Parse($$"""{"version": "{{version}}", "title": "J", "items": [{"id": "1", "title": "One", "content_text": "x"}]}""");
        Assert.Equal(version == "1.0" ? FeedFormat.Json10 : FeedFormat.Json11, feed.Format);
        Assert.Equal("One", feed.Entries.Single().Title);
    }
}
