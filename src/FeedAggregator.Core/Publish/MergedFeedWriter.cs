using System.Globalization;
using System.Text;
using System.Xml;

namespace FeedAggregator.Publish;

/// <summary>Writes a merged-feed page as Atom 1.0 (RFC 4287) with an XmlWriter (RSS: <see cref="RssFeedWriter"/>).
/// Not SyndicationFeed's Atom10FeedFormatter: it writes times to the second only, so entries placed at the moment they
/// were first seen (undated, or dated in the future) by feeds polled in the same second would share one atom:updated,
/// which readers cannot order and the validator flags; and its &lt;source&gt; carries no updated. Here a time keeps its
/// milliseconds when it has any (publishers' own times are whole seconds and stay as given).</summary>
public static class MergedFeedWriter
{
    internal const string AtomNs = "http://www.w3.org/2005/Atom";
    internal static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static byte[] WriteAtom(MergedFeedPage page)
    {
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = Utf8NoBom, Indent = true }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("feed", AtomNs);
            w.WriteElementString("title", AtomNs, page.Title);
            w.WriteElementString("id", AtomNs, page.SelfUrl.GetLeftPart(UriPartial.Path));
            w.WriteElementString("updated", AtomNs, Rfc3339(page.Updated));
            Link(w, "self", page.SelfUrl.AbsoluteUri, "application/atom+xml");
            Link(w, "alternate", page.HomeUrl.AbsoluteUri, "text/html");
            if (page.NextUrl is not null) Link(w, "next", page.NextUrl.AbsoluteUri, "application/atom+xml");
            if (page.HubUrl is not null) Link(w, "hub", page.HubUrl.AbsoluteUri, null);
            // Atom requires an author for every entry; the feed's covers entries whose source names none.
            w.WriteStartElement("author", AtomNs);
            w.WriteElementString("name", AtomNs, page.Title);
            w.WriteEndElement();
            w.WriteElementString("generator", AtomNs, "FeedAggregator");
            foreach (var e in page.Entries) WriteEntry(w, e);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return stream.ToArray();
    }

    private static void WriteEntry(XmlWriter w, MergedEntry e)
    {
        var a = e.Lead;
        w.WriteStartElement("entry", AtomNs);
        w.WriteElementString("id", AtomNs, e.Id);
        w.WriteElementString("title", AtomNs, e.Title);
        w.WriteElementString("published", AtomNs, Rfc3339(e.Published));
        w.WriteElementString("updated", AtomNs, Rfc3339(e.Updated));
        foreach (var p in a.Authors.Where(p => !string.IsNullOrWhiteSpace(p.Name)))
        {
            w.WriteStartElement("author", AtomNs);
            w.WriteElementString("name", AtomNs, p.Name);
            if (!string.IsNullOrWhiteSpace(p.Email) && p.Email.Contains('@')) w.WriteElementString("email", AtomNs, p.Email);
            if (MergedEntry.IsWebUrl(p.Uri)) w.WriteElementString("uri", AtomNs, p.Uri);
            w.WriteEndElement();
        }
        if (MergedEntry.IsWebUrl(a.Link)) Link(w, "alternate", a.Link!, "text/html");
        // Each other source as rel="related" (RSS has no such link: there only the HTML names them).
        foreach (var other in e.AlsoCoveredBy) Link(w, "related", other.Link!, "text/html", other.FeedName);
        foreach (var x in a.Enclosures.Where(x => MergedEntry.IsWebUrl(x.Url)))
        {
            w.WriteStartElement("link", AtomNs);
            w.WriteAttributeString("rel", "enclosure");
            w.WriteAttributeString("href", x.Url);
            w.WriteAttributeString("type", x.Type ?? "application/octet-stream");
            if (x.Length is > 0) w.WriteAttributeString("length", x.Length.Value.ToString(CultureInfo.InvariantCulture));
            w.WriteEndElement();
        }
        foreach (var category in a.Categories.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct())
        {
            w.WriteStartElement("category", AtomNs);
            w.WriteAttributeString("term", category);
            w.WriteEndElement();
        }
        // HTML is already sanitized, with absolute URLs, by the parse stage. Text the source gave as content stays content
        // (readers show an Atom summary as a teaser, not as the article), and so does the text of an entry without a link
        // (a JSON Feed note, a link-less status): RFC 4287 wants content or an alternate link on every entry.
        var content = e.ContentHtml ?? (a.Content is not null || !MergedEntry.IsWebUrl(a.Link) ? e.SummaryHtml ?? "" : null);
        if (e.SummaryHtml is { } summary && summary != content) Html(w, "summary", summary);
        if (content is not null) Html(w, "content", content);
        w.WriteStartElement("source", AtomNs);
        w.WriteElementString("id", AtomNs, a.FeedUrl);
        w.WriteElementString("title", AtomNs, a.FeedName);
        // The source feed changed at least when this article did: the closest time we know.
        w.WriteElementString("updated", AtomNs, Rfc3339(a.OwnUpdated));
        if (MergedEntry.IsWebUrl(a.FeedUrl)) Link(w, "self", a.FeedUrl, null);
        if (MergedEntry.IsWebUrl(a.FeedSiteUrl)) Link(w, "alternate", a.FeedSiteUrl!, "text/html");
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void Link(XmlWriter w, string rel, string href, string? type, string? title = null)
    {
        w.WriteStartElement("link", AtomNs);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("href", href);
        if (type is not null) w.WriteAttributeString("type", type);
        if (title is not null) w.WriteAttributeString("title", title);
        w.WriteEndElement();
    }

    private static void Html(XmlWriter w, string element, string html)
    {
        w.WriteStartElement(element, AtomNs);
        w.WriteAttributeString("type", "html");
        w.WriteString(html);
        w.WriteEndElement();
    }

    /// <summary>RFC 3339 in UTC; milliseconds only when the time has some.</summary>
    internal static string Rfc3339(DateTimeOffset t) => t.UtcDateTime.ToString(
        t.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
