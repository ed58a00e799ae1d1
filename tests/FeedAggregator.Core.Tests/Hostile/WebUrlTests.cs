using System.Text;
using FeedAggregator.Feeds;
using FeedAggregator.Publish;

namespace FeedAggregator.Core.Tests.Hostile;

/// <summary>Issue 12 points 3 and 4: the one rule for published URLs and subscriptions.</summary>
public sealed class WebUrlTests
{
    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JaVaScRiPt:alert(1)")]
    [InlineData(" javascript:alert(1)")]
    [InlineData("\u0001javascript:alert(1)")]
    [InlineData("java\tscript:alert(1)")]
    [InlineData("java\nscript:alert(1)")]
    [InlineData("javascript&#58;alert(1)")]
    [InlineData("&#106;avascript:alert(1)")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.com/feed")]
    [InlineData("gopher://example.com/")]
    [InlineData("/relative/path")]
    [InlineData("//example.com/protocol-relative")]
    [InlineData("http:/no-host")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_but_an_absolute_http_or_https_URL_is_dropped(string? url) => Assert.Null(WebUrl.OrNull(url));

    [Theory]
    [InlineData("https://example.com/a?b=1&c=2", "https://example.com/a?b=1&c=2")]
    [InlineData("  http://example.com/x  ", "http://example.com/x")]
    [InlineData("HTTPS://Example.com/", "HTTPS://Example.com/")]
    public void A_web_URL_is_kept_trimmed(string url, string expected) => Assert.Equal(expected, WebUrl.OrNull(url));

    [Fact]
    public void An_OPML_file_keeps_web_feeds_and_names_every_other_outline_it_skips()
    {
        var opml = """
            <opml version="2.0"><body>
              <outline text="Good" xmlUrl="https://good.example/feed"/>
              <outline text="File" xmlUrl="file:///etc/passwd"/>
              <outline text="Ftp" xmlUrl="ftp://x.example/feed"/>
              <outline text="Js" xmlUrl="javascript:alert(1)"/>
              <outline text="Gopher" xmlUrl="gopher://x.example/"/>
              <outline text="Data" xmlUrl="data:text/xml,&lt;rss/&gt;"/>
              <outline text="Relative" xmlUrl="/feed.xml"/>
            </body></opml>
            """;
        var skipped = new List<string>();
        var subs = Opml.Read(new MemoryStream(Encoding.UTF8.GetBytes(opml)), skipped);
        Assert.Equal(["https://good.example/feed"], subs.Select(s => s.Url));
        Assert.Equal(6, skipped.Count);
        Assert.Contains(skipped, s => s.Contains("file:///etc/passwd") && s.Contains("not an http(s) URL"));
        Assert.Contains(skipped, s => s.Contains("javascript:alert(1)"));
    }

    [Fact]
    public void OPML_output_leaves_out_non_web_site_links_and_subscriptions()
    {
        var feeds = new[]
        {
            new Feed { Url = "https://a.example/feed", Title = "A", SiteUrl = "javascript:alert(1)" },
            new Feed { Url = "file:///etc/passwd", Title = "Old row" },
            new Feed { Url = "https://b.example/feed", Title = "B", SiteUrl = "https://b.example/" },
        };
        var xml = Opml.Write(feeds, "Mine", DateTimeOffset.UnixEpoch);
        Assert.DoesNotContain("javascript:", xml);
        Assert.DoesNotContain("file:", xml);
        Assert.Contains("htmlUrl=\"https://b.example/\"", xml);
        Assert.Contains("xmlUrl=\"https://a.example/feed\"", xml);
    }
}
