using System.Xml;
using System.Xml.Linq;
using FeedAggregator.Store;

namespace FeedAggregator.Feeds;

/// <summary>Reads and writes OPML subscription lists. Folders (outlines without xmlUrl) are categories.</summary>
public static class Opml
{
    public static IReadOnlyList<FeedSubscription> Read(Stream stream)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(stream, settings);
        XDocument doc;
        try { doc = XDocument.Load(reader); }
        catch (XmlException e) { throw new FormatException($"not valid OPML: {e.Message}", e); }
        var body = doc.Root?.Element("body") ?? throw new FormatException("not valid OPML: no <body> element");
        var result = new List<FeedSubscription>();
        Walk(body, null, result);
        return result;
    }

    public static IReadOnlyList<FeedSubscription> ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    private static void Walk(XElement parent, string? category, List<FeedSubscription> into)
    {
        foreach (var outline in parent.Elements("outline"))
        {
            var url = (string?)outline.Attribute("xmlUrl");
            var title = (string?)outline.Attribute("title") ?? (string?)outline.Attribute("text");
            if (!string.IsNullOrWhiteSpace(url))
            {
                if (into.All(s => s.Url != url.Trim())) into.Add(new FeedSubscription(url.Trim(), NullIfBlank(title), category, FullText(outline)));
            }
            else
            {
                // Nested folders: the innermost names the category, as most readers do.
                Walk(outline, NullIfBlank(title) ?? category, into);
            }
        }
    }

    public static string Write(IEnumerable<Feed> feeds, string title, DateTimeOffset now)
    {
        var body = new XElement("body");
        foreach (var group in feeds.GroupBy(f => f.Category).OrderBy(g => g.Key is null).ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase))
        {
            var outlines = group.Select(f => new XElement("outline",
                new XAttribute("type", "rss"), new XAttribute("text", f.DisplayName), new XAttribute("title", f.DisplayName),
                new XAttribute("xmlUrl", f.Url), f.SiteUrl is null ? null : new XAttribute("htmlUrl", f.SiteUrl),
                f.FullText ? new XAttribute("fullText", "true") : null));
            if (group.Key is null) body.Add(outlines);
            else body.Add(new XElement("outline", new XAttribute("text", group.Key), new XAttribute("title", group.Key), outlines));
        }
        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("opml", new XAttribute("version", "2.0"),
                new XElement("head", new XElement("title", title), new XElement("dateCreated", now.ToString("R"))),
                body));
        return doc.Declaration + "\n" + doc.ToString();
    }

    /// <summary>fullText="true": fetch each new entry's article page (FeedAggregator's own attribute; other readers ignore it).</summary>
    private static bool? FullText(XElement outline) =>
        (string?)outline.Attribute("fullText") is { } v ? v.Trim().ToLowerInvariant() is "true" or "1" or "yes" or "on" : null;

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
