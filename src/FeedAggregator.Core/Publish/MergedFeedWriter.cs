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
        if (page.NextUrl is not null)
            feed.Links.Add(new SyndicationLink(page.NextUrl, "next", null, null, 0));
        feed.Items = page.Articles.Select(a => ToItem(a, atom)).ToList();

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

    private static SyndicationItem ToItem(Article a, bool atom)
    {
        var item = new SyndicationItem
        {
            Id = MergedFeedPage.EntryId(a),
            Title = new TextSyndicationContent(a.Title ?? "(untitled)"),
            PublishDate = a.PublishedAt ?? a.SortAt,
            LastUpdatedTime = a.ChangedAt > (a.UpdatedAt ?? a.SortAt) ? a.ChangedAt : a.UpdatedAt ?? a.SortAt,
            SourceFeed = Source(a),
        };
        if (a.Url is not null && Uri.TryCreate(a.Url, UriKind.Absolute, out var link))
            item.Links.Add(SyndicationLink.CreateAlternateLink(link));
        foreach (var author in a.Authors.Where(p => p.Name is not null || p.Email is not null))
            item.Authors.Add(new SyndicationPerson(author.Email, author.Name, author.Uri));
        foreach (var category in a.Categories)
            item.Categories.Add(new SyndicationCategory(category));
        foreach (var enclosure in a.Enclosures)
            if (Uri.TryCreate(enclosure.Url, UriKind.Absolute, out var encUrl))
                item.Links.Add(SyndicationLink.CreateMediaEnclosureLink(encUrl, enclosure.Type ?? "application/octet-stream", enclosure.Length ?? 0));

        // HTML is already sanitized, with absolute URLs, by the parse stage.
        var summary = a.Summary ?? a.Content;
        if (summary is not null) item.Summary = new TextSyndicationContent(summary, TextSyndicationContentKind.Html);
        if (a.Content is not null && a.Content != summary)
        {
            if (atom) item.Content = new TextSyndicationContent(a.Content, TextSyndicationContentKind.Html);
            else item.ElementExtensions.Add(new XElement(XName.Get("encoded", ContentNs), a.Content).CreateReader());
        }
        return item;
    }

    /// <summary>The entry's source feed: Atom &lt;source&gt; (title, id, link) or RSS &lt;source url=""&gt;.</summary>
    private static SyndicationFeed Source(Article a)
    {
        var source = new SyndicationFeed { Title = new TextSyndicationContent(a.FeedName), Id = a.FeedUrl };
        if (Uri.TryCreate(a.FeedUrl, UriKind.Absolute, out var feedUrl))
            source.Links.Add(new SyndicationLink(feedUrl, "self", null, null, 0));
        if (a.FeedSiteUrl is not null && Uri.TryCreate(a.FeedSiteUrl, UriKind.Absolute, out var site))
            source.Links.Add(SyndicationLink.CreateAlternateLink(site));
        return source;
    }
}
