using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using FeedAggregator.Store;

namespace FeedAggregator.Digest;

/// <summary>/digest.atom: one entry per digest, newest first, its full HTML as the entry content.</summary>
public static class DigestFeedWriter
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static byte[] WriteAtom(IReadOnlyList<StoredDigest> digests, string title, string baseUrl)
    {
        var feed = new SyndicationFeed($"{title} digest", null, new Uri(baseUrl + "/digests/latest"))
        {
            Id = baseUrl + "/digest.atom",
            LastUpdatedTime = digests.Count > 0 ? digests.Max(d => d.CreatedAt) : DateTimeOffset.UnixEpoch,
            Generator = "FeedAggregator",
        };
        feed.Links.Add(new SyndicationLink(new Uri(baseUrl + "/digest.atom"), "self", null, "application/atom+xml", 0));
        feed.Items = digests.Select(d =>
        {
            var item = new SyndicationItem
            {
                // The slug never changes once written, so the entry id survives a change of host name or port.
                Id = $"urn:feedagg:digest:{d.Slug}",
                Title = new TextSyndicationContent(d.Title),
                PublishDate = d.CreatedAt,
                LastUpdatedTime = d.CreatedAt,
                Content = new TextSyndicationContent(d.Html, TextSyndicationContentKind.Html),
            };
            item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri($"{baseUrl}/digests/{d.Slug}")));
            return item;
        }).ToList();

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = Utf8NoBom, Indent = true }))
            new Atom10FeedFormatter(feed).WriteTo(writer);
        return stream.ToArray();
    }
}
