using AngleSharp.Html.Parser;

namespace FeedAggregator.Fetch;

/// <summary>Feed autodiscovery: the &lt;link rel="alternate"&gt; feeds an HTML page announces, best first.</summary>
public static class FeedDiscovery
{
    // Document order decides among the proper feed types (sites list their main feed first, comment feeds later);
    // plain application/json comes last because CMSs also announce their REST API that way.
    private static readonly Dictionary<string, int> Rank = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/rss+xml"] = 0, ["application/atom+xml"] = 0, ["application/rdf+xml"] = 0,
        ["application/feed+json"] = 1, ["application/json"] = 2,
    };

    /// <summary>Absolute http(s) URLs of the announced feeds, best first; empty when the page announces none.</summary>
    public static IReadOnlyList<Uri> Find(byte[] html, Uri pageUrl)
    {
        // A real HTML parser: attribute order, quoting, case and comments vary too much for a pattern.
        using var stream = new MemoryStream(html, writable: false);
        using var document = new HtmlParser().ParseDocument(stream);
        var baseUrl = Uri.TryCreate(pageUrl, document.QuerySelector("base[href]")?.GetAttribute("href") ?? "", out var b) ? b : pageUrl;
        var found = new List<(int Rank, int Order, Uri Url)>();
        var seen = new HashSet<Uri>(); // a hostile page may list thousands: no quadratic duplicate check
        var order = 0;
        foreach (var link in document.QuerySelectorAll("link[href]"))
        {
            var rel = (link.GetAttribute("rel") ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (!rel.Contains("alternate", StringComparer.OrdinalIgnoreCase)) continue;
            var type = (link.GetAttribute("type") ?? "").Split(';')[0].Trim();
            if (!Rank.TryGetValue(type, out var rank)) continue;
            if (!Uri.TryCreate(baseUrl, link.GetAttribute("href")!.Trim(), out var url) || url.Scheme is not ("http" or "https")) continue;
            if (seen.Add(url)) found.Add((rank, order++, url));
        }
        return found.OrderBy(f => f.Rank).ThenBy(f => f.Order).Select(f => f.Url).ToList();
    }

    /// <summary>An HTML page (a site's home page, a login wall, an error page) starts with a doctype or &lt;html&gt;;
    /// checked before parsing so that a page is never read as a broken feed.</summary>
    public static bool LooksLikeHtmlPage(byte[] body)
    {
        var head = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 512)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }
}
