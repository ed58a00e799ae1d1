using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using FeedAggregator.Feeds;

namespace FeedAggregator.Publish;

/// <summary>Writes a merged-feed page as Atom 1.0 or RSS 2.0 with System.ServiceModel.Syndication.</summary>
public static class MergedFeedWriter
{
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static byte[] WriteAtom(MergedFeedPage page) => Write(page, atom: true);
    public static byte[] WriteRss(MergedFeedPage page) => Write(page, atom: false);

    private static byte[] Write(MergedFeedPage page, bool atom)
    {
        var feed = new SyndicationFeed(page.Title, null, page.HomeUrl)
        {
            Id = page.SelfUrl.GetLeftPart(UriPartial.Path),
            LastUpdatedTime = page.Updated,
            Generator = "FeedAggregator",
        };
        feed.Links.Add(new SyndicationLink(page.SelfUrl, "self", null, atom ? "application/atom+xml" : "application/rss+xml", 0));
        // Atom requires an author for every entry; a feed-level one covers entries whose source names none.
        feed.Authors.Add(new SyndicationPerson { Name = page.Title });
        if (!atom) feed.Description = new TextSyndicationContent($"{page.Title}: every story once, from all subscribed feeds");
        if (page.NextUrl is not null)
            feed.Links.Add(new SyndicationLink(page.NextUrl, "next", null, null, 0));
        feed.Items = page.Entries.Select(e => ToItem(e, atom)).ToList();

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = Utf8NoBom, Indent = true }))
        {
            if (atom)
            {
                new Atom10FeedFormatter(feed).WriteTo(writer);
            }
            else
            {
                // Rss20FeedFormatter writes rel="self"/"next" links as atom:link, as RSS best practice wants.
                new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: true).WriteTo(writer);
            }
        }
        return stream.ToArray();
    }

    private static SyndicationItem ToItem(MergedEntry e, bool atom)
    {
        var a = e.Lead;
        var item = new SyndicationItem
        {
            Id = e.Id,
            Title = new TextSyndicationContent(e.Title),
            PublishDate = a.PublishedAt ?? a.SortAt,
            LastUpdatedTime = e.Updated,
            SourceFeed = Source(a),
        };
        if (MergedEntry.IsWebUrl(a.Url))
            item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(a.Url!)));
        // Atom: each other source as rel="related"; RSS has no such link, so there only the HTML names them.
        if (atom)
            foreach (var other in e.AlsoCoveredBy)
                item.Links.Add(new SyndicationLink(new Uri(other.Url!), "related", other.FeedName, "text/html", 0));
        foreach (var author in a.Authors.Where(p => !string.IsNullOrWhiteSpace(p.Name)))
            item.Authors.Add(new SyndicationPerson(author.Email, author.Name, MergedEntry.IsWebUrl(author.Uri) ? author.Uri : null));
        foreach (var category in a.Categories.Where(c => !string.IsNullOrWhiteSpace(c)))
            item.Categories.Add(new SyndicationCategory(category));
        // RSS allows one enclosure per item; Atom any number.
        foreach (var enclosure in a.Enclosures.Where(x => MergedEntry.IsWebUrl(x.Url)).Take(atom ? int.MaxValue : 1))
            item.Links.Add(SyndicationLink.CreateMediaEnclosureLink(new Uri(enclosure.Url), enclosure.Type ?? "application/octet-stream", enclosure.Length ?? 0));

        // HTML is already sanitized, with absolute URLs, by the parse stage.
        if (e.SummaryHtml is { } summary) item.Summary = new TextSyndicationContent(summary, TextSyndicationContentKind.Html);
        if (e.ContentHtml is { } content)
        {
            if (atom) item.Content = new TextSyndicationContent(content, TextSyndicationContentKind.Html);
            else item.ElementExtensions.Add(new XElement(XName.Get("encoded", ContentNs), content).CreateReader());
        }
        return item;
    }

    /// <summary>The entry's source feed: Atom &lt;source&gt; (title, id, link) or RSS &lt;source url=""&gt;.</summary>
    private static SyndicationFeed Source(Feeds.Article a)
    {
        var source = new SyndicationFeed { Title = new TextSyndicationContent(a.FeedName), Id = a.FeedUrl };
        if (Uri.TryCreate(a.FeedUrl, UriKind.Absolute, out var feedUrl))
            source.Links.Add(new SyndicationLink(feedUrl, "self", null, null, 0));
        if (a.FeedSiteUrl is not null && Uri.TryCreate(a.FeedSiteUrl, UriKind.Absolute, out var site))
            source.Links.Add(SyndicationLink.CreateAlternateLink(site));
        return source;
    }
}
