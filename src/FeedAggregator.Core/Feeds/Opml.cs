using System.Xml;
using System.Xml.Linq;
using FeedAggregator.Store;

namespace FeedAggregator.Feeds;

/// <summary>Reads and writes OPML subscription lists. Folders (outlines without xmlUrl) are categories.</summary>
public static class Opml
{
    /// <summary>Folders nested deeper than this are read as part of the folder at this depth (the walk recurses).</summary>
    private const int MaxFolderDepth = 16;

    /// <summary>The subscriptions listed. Given <paramref name="skipped"/>, an outline whose xmlUrl is not an http(s) URL
    /// is left out and described there (file:, javascript:, relative... would only fail on every pass, or worse);
    /// without it the caller checks each URL itself (`feeds import` reports them as invalid).</summary>
    public static IReadOnlyList<FeedSubscription> Read(Stream stream, ICollection<string>? skipped = null)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(stream, settings);
        XDocument doc;
        try { doc = XDocument.Load(reader); }
        catch (XmlException e) { throw new FormatException($"not valid OPML: {e.Message}", e); }
        var body = doc.Root?.Element("body") ?? throw new FormatException("not valid OPML: no <body> element");
        var result = new List<FeedSubscription>();
        Walk(body, null, result, skipped, 0);
        return result;
    }

    public static IReadOnlyList<FeedSubscription> ReadFile(string path, ICollection<string>? skipped = null)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, skipped);
    }

    private static void Walk(XElement parent, string? category, List<FeedSubscription> into, ICollection<string>? skipped, int depth)
    {
        foreach (var outline in depth < MaxFolderDepth ? parent.Elements("outline") : parent.Descendants("outline"))
        {
            var url = (string?)outline.Attribute("xmlUrl");
            var title = (string?)outline.Attribute("title") ?? (string?)outline.Attribute("text");
            if (!string.IsNullOrWhiteSpace(url))
            {
                var trimmed = url.Trim();
                if (skipped is not null && !Publish.WebUrl.IsWeb(trimmed))
                    skipped.Add($"skipped \"{Shorten(trimmed)}\"{(title is null ? "" : $" ({Shorten(title)})")}: not an http(s) URL");
                else if (into.All(s => s.Url != trimmed)) into.Add(new FeedSubscription(trimmed, NullIfBlank(title), category, FullText(outline)));
            }
            else if (depth < MaxFolderDepth)
            {
                // Nested folders: the innermost names the category, as most readers do.
                Walk(outline, NullIfBlank(title) ?? category, into, skipped, depth + 1);
            }
        }
    }

    private static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + "…";

    public static string Write(IEnumerable<Feed> feeds, string title, DateTimeOffset now)
    {
        var body = new XElement("body");
        // Only web URLs are published (Publish.WebUrl): a subscription stored before that rule is left out.
        foreach (var group in feeds.Where(f => Publish.WebUrl.IsWeb(f.Url)).GroupBy(f => f.Category).OrderBy(g => g.Key is null).ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase))
        {
            var outlines = group.Select(f => new XElement("outline",
                new XAttribute("type", "rss"), new XAttribute("text", f.DisplayName), new XAttribute("title", f.DisplayName),
                new XAttribute("xmlUrl", f.Url.Trim()), Publish.WebUrl.OrNull(f.SiteUrl) is { } site ? new XAttribute("htmlUrl", site) : null,
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
