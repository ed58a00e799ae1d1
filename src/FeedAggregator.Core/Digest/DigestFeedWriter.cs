using System.ServiceModel.Syndication;
using System.Text.RegularExpressions;
using System.Xml;
using FeedAggregator.Publish;
using FeedAggregator.Store;

namespace FeedAggregator.Digest;

/// <summary>/digest.atom: one entry per digest, newest first, its web body (every story; an HTML fragment, not a
/// document) as the entry content.</summary>
public static partial class DigestFeedWriter
{
    /// <param name="emptyUpdated">The feed's updated while there is no digest yet: when the service started.</param>
    public static byte[] WriteAtom(IReadOnlyList<StoredDigest> digests, string title, string baseUrl, DateTimeOffset emptyUpdated)
    {
        var feed = new SyndicationFeed($"{title} digest", null, new Uri(baseUrl + "/digests/"))
        {
            Id = baseUrl + "/digest.atom",
            LastUpdatedTime = digests.Count > 0 ? digests.Max(d => d.CreatedAt) : emptyUpdated,
            Generator = "FeedAggregator",
        };
        feed.Links.Add(new SyndicationLink(new Uri(baseUrl + "/digest.atom"), "self", null, "application/atom+xml", 0));
        feed.Authors.Add(new SyndicationPerson { Name = title });
        feed.Items = digests.Select(d =>
        {
            var item = new SyndicationItem
            {
                // The slug never changes once written, so the entry id survives a change of host name or port.
                Id = $"urn:feedagg:digest:{d.Slug}",
                Title = new TextSyndicationContent(d.Title),
                PublishDate = d.CreatedAt,
                LastUpdatedTime = d.CreatedAt,
                Content = new TextSyndicationContent(Body(d), TextSyndicationContentKind.Html),
            };
            // Atom wants an author on every entry that its feed does not cover for it (a reader may take entries apart).
            item.Authors.Add(new SyndicationPerson { Name = title });
            item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri($"{baseUrl}/digests/{d.Slug}")));
            return item;
        }).ToList();

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = MergedFeedWriter.Utf8NoBom, Indent = true }))
            new Atom10FeedFormatter(feed).WriteTo(writer);
        return stream.ToArray();
    }

    /// <summary>The digest's web body; for a digest stored before it was kept, what its email document's body holds.</summary>
    public static string Body(StoredDigest d) =>
        d.WebBody ?? (BodyElement().Match(d.Html) is { Success: true } m ? m.Groups[1].Value.Trim() : d.Html);

    [GeneratedRegex(@"<body[^>]*>(.*)</body>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex BodyElement();
}
