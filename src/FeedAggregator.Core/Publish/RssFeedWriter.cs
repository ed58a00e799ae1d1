using System.Globalization;
using System.Xml;

namespace FeedAggregator.Publish;

/// <summary>Writes a merged-feed page as RSS 2.0 with an XmlWriter. Not SyndicationFeed's Rss20FeedFormatter: it
/// writes element extensions with a default namespace (<c>&lt;encoded xmlns="…/content/"&gt;</c>, which rss-parser
/// and others do not read as content:encoded), authors without an email as <c>a10:author</c>, and no dc:creator.
/// Here every namespace is declared once on the root with the prefix readers look for: content:encoded for the full
/// text, dc:creator for author names, atom:link for the self and next links (RSS best practice, RFC 5005). Plain-text
/// elements write "&amp;" and "&lt;" as hexadecimal character references, as the RSS Profile asks: RSS never said whether
/// a title is text or HTML, and readers that guess HTML would take "&amp;lt;b&amp;gt;" in a title for markup.</summary>
public static class RssFeedWriter
{
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    public static byte[] Write(MergedFeedPage page)
    {
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = MergedFeedWriter.Utf8NoBom, Indent = true }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("rss");
            w.WriteAttributeString("version", "2.0");
            w.WriteAttributeString("xmlns", "content", null, ContentNs);
            w.WriteAttributeString("xmlns", "dc", null, DcNs);
            w.WriteAttributeString("xmlns", "atom", null, AtomNs);
            w.WriteStartElement("channel");
            Text(w, "title", page.Title);
            w.WriteElementString("link", page.HomeUrl.AbsoluteUri);
            Text(w, "description", $"{page.Title}: every story once, from all subscribed feeds");
            AtomLink(w, "self", page.SelfUrl, "application/rss+xml");
            if (page.NextUrl is not null) AtomLink(w, "next", page.NextUrl, "application/rss+xml");
            if (page.HubUrl is not null) AtomLink(w, "hub", page.HubUrl, null);
            w.WriteElementString("lastBuildDate", Rfc822(page.Updated));
            w.WriteElementString("generator", "FeedAggregator");
            foreach (var e in page.Entries) WriteItem(w, e);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return stream.ToArray();
    }

    private static void WriteItem(XmlWriter w, MergedEntry e)
    {
        var a = e.Lead;
        w.WriteStartElement("item");
        Text(w, "title", e.Title);
        if (MergedEntry.IsWebUrl(a.Link)) w.WriteElementString("link", a.Link);
        // HTML is already sanitized, with absolute URLs, by the parse stage.
        if (e.SummaryHtml is { } summary) w.WriteElementString("description", summary);
        if (e.ContentHtml is { } content) w.WriteElementString("content", "encoded", ContentNs, content);
        // Names go in dc:creator, which is what readers show. RSS <author> must be an email address, and an item should
        // not have both (the validator warns DuplicateItemSemantics): it is written only when no author has a name.
        var names = a.Authors.Select(p => p.Name).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct().ToList();
        foreach (var name in names) Text(w, "creator", name!, "dc", DcNs);
        if (names.Count == 0)
            foreach (var email in a.Authors.Select(p => p.Email).Where(e => !string.IsNullOrWhiteSpace(e) && e.Contains('@')).Distinct())
                Text(w, "author", email!);
        foreach (var category in a.Categories.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct())
            Text(w, "category", category);
        if (MergedEntry.IsWebUrl(a.CommentsUrl)) w.WriteElementString("comments", a.CommentsUrl);
        // RSS allows one enclosure per item.
        if (a.Enclosures.FirstOrDefault(x => MergedEntry.IsWebUrl(x.Url)) is { } x)
        {
            w.WriteStartElement("enclosure");
            w.WriteAttributeString("url", x.Url);
            w.WriteAttributeString("length", (x.Length ?? 0).ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("type", x.Type ?? "application/octet-stream");
            w.WriteEndElement();
        }
        w.WriteStartElement("guid");
        w.WriteAttributeString("isPermaLink", "false");
        w.WriteString(e.Id);
        w.WriteEndElement();
        w.WriteElementString("pubDate", Rfc822(e.Published));
        if (Uri.TryCreate(a.FeedUrl, UriKind.Absolute, out var feedUrl) && MergedEntry.IsWebUrl(feedUrl.AbsoluteUri))
        {
            w.WriteStartElement("source");
            w.WriteAttributeString("url", feedUrl.AbsoluteUri);
            PlainText(w, a.FeedName);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void Text(XmlWriter w, string name, string text, string? prefix = null, string? ns = null)
    {
        if (prefix is null) w.WriteStartElement(name);
        else w.WriteStartElement(prefix, name, ns);
        PlainText(w, text);
        w.WriteEndElement();
    }

    /// <summary>The text with "&amp;" and "&lt;" as &amp;#x26; and &amp;#x3C; (the RSS Profile's encoding of plain text).</summary>
    private static void PlainText(XmlWriter w, string text)
    {
        var rest = text.AsSpan();
        int i;
        while ((i = rest.IndexOfAny('&', '<')) >= 0)
        {
            w.WriteString(rest[..i].ToString());
            w.WriteCharEntity(rest[i]);
            rest = rest[(i + 1)..];
        }
        w.WriteString(rest.ToString());
    }

    private static void AtomLink(XmlWriter w, string rel, Uri href, string? type)
    {
        w.WriteStartElement("atom", "link", AtomNs);
        w.WriteAttributeString("href", href.AbsoluteUri);
        w.WriteAttributeString("rel", rel);
        if (type is not null) w.WriteAttributeString("type", type);
        w.WriteEndElement();
    }

    /// <summary>RFC 822 with a four-digit year and a numeric zone, as the RSS 2.0 spec and the validator want.</summary>
    private static string Rfc822(DateTimeOffset t) => t.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
}
