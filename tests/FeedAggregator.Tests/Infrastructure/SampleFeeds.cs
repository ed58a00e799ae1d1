using System.Security;

namespace FeedAggregator.Tests.Infrastructure;

/// <summary>Small, realistic feed documents built per test, so each test states the entries it relies on.</summary>
public static class SampleFeeds
{
    public sealed record Item(string Guid, string Title, DateTimeOffset Published, string Html = "<p>Story text.</p>", string? Link = null);

    public static string Rss(string title, string link, params Item[] items) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel><title>{E(title)}</title><link>{E(link)}</link><description>Test channel</description>
        {string.Concat(items.Select(i => $"""
            <item><title>{E(i.Title)}</title><link>{E(i.Link ?? link + "/" + i.Guid)}</link>
            <guid isPermaLink="false">{E(i.Guid)}</guid><pubDate>{i.Published.ToUniversalTime():R}</pubDate>
            <dc:creator>Jane Reporter</dc:creator>
            <description>{E(i.Html)}</description><content:encoded><![CDATA[{i.Html}<p>Full text.</p>]]></content:encoded></item>
            """))}
        </channel></rss>
        """;

    public static string Atom(string title, string link, params Item[] items) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>{E(title)}</title><id>{E(link)}/</id>
        <link href="{E(link)}"/><updated>{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}</updated>
        {string.Concat(items.Select(i => $"""
            <entry><title>{E(i.Title)}</title><id>{E(i.Guid)}</id><link rel="alternate" href="{E(i.Link ?? link + "/" + i.Guid)}"/>
            <published>{i.Published.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}</published><updated>{i.Published.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}</updated>
            <author><name>Sam Blogger</name></author><content type="html">{E(i.Html)}</content></entry>
            """))}
        </feed>
        """;

    private static string E(string s) => SecurityElement.Escape(s);
}
