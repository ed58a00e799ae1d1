using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;

namespace FeedAggregator.WebSub;

/// <summary>WebSub discovery in a fetched feed (§4): the rel="hub" and rel="self" links of the response's Link headers
/// first, then of the document (Atom, or atom:link in RSS), or JSON Feed's hubs. Only the head of the document is
/// read: the links come before the entries.</summary>
public static partial class HubLinks
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    /// <summary>The hub and topic a response announces: each from its Link headers when they name it, else from the body.</summary>
    public static (Uri? Hub, Uri? Self) Find(IEnumerable<string> linkHeaders, Uri baseUrl, byte[] body)
    {
        var (hub, self) = FromHeaders(linkHeaders, baseUrl);
        if (hub is not null && self is not null) return (hub, self);
        var (bodyHub, bodySelf) = Find(body);
        return (hub ?? bodyHub, self ?? bodySelf);
    }

    /// <summary>RFC 8288 links: <c>&lt;URI&gt;; rel="hub"</c>, several per header and rel values separated by spaces;
    /// relative URIs against the response's address.</summary>
    internal static (Uri? Hub, Uri? Self) FromHeaders(IEnumerable<string> linkHeaders, Uri baseUrl)
    {
        Uri? hub = null, self = null;
        foreach (Match m in linkHeaders.SelectMany(h => LinkValue().Matches(h)))
        {
            if (!Uri.TryCreate(baseUrl, m.Groups["uri"].Value.Trim(), out var target) || target.Scheme is not ("http" or "https")) continue;
            var rel = RelParameter().Match(m.Groups["params"].Value);
            var rels = (rel.Groups["quoted"].Success ? rel.Groups["quoted"].Value : rel.Groups["token"].Value)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (rels.Contains("hub", StringComparer.OrdinalIgnoreCase)) hub ??= target;
            if (rels.Contains("self", StringComparer.OrdinalIgnoreCase)) self ??= target;
        }
        return (hub, self);
    }

    // Each parameter starts with ';': no two ways to match one text (a hostile server's header cannot make it backtrack).
    [GeneratedRegex(@"<(?<uri>[^>]*)>(?<params>(?:\s*;\s*[^;,""=\s]+\s*(?:=\s*(?:""[^""]*""|[^;,""]*))?)*)")]
    private static partial Regex LinkValue();

    [GeneratedRegex(@"(?:^|;)\s*rel\s*=\s*(?:""(?<quoted>[^""]*)""|(?<token>[^;,\s]+))", RegexOptions.IgnoreCase)]
    private static partial Regex RelParameter();

    public static (Uri? Hub, Uri? Self) Find(byte[] body)
    {
        try
        {
            var head = body.AsSpan().TrimStart("\uFEFF \t\r\n"u8);
            return head.Length > 0 && head[0] == (byte)'{' ? FromJson(body) : FromXml(body);
        }
        catch (Exception e) when (e is XmlException or JsonException)
        {
            return (null, null);
        }
    }

    private static (Uri?, Uri?) FromXml(byte[] body)
    {
        Uri? hub = null, self = null;
        using var reader = XmlReader.Create(new MemoryStream(body, writable: false),
            new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreComments = true });
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element) continue;
            if (reader.LocalName is "entry" or "item") break;
            if (reader.LocalName != "link" || reader.NamespaceURI != AtomNs) continue;
            var rel = reader.GetAttribute("rel");
            if (Http(reader.GetAttribute("href")) is not { } href) continue;
            if (rel == "hub") hub ??= href;
            else if (rel == "self") self ??= href;
        }
        return (hub, self);
    }

    private static (Uri?, Uri?) FromJson(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        Uri? hub = null;
        if (root.TryGetProperty("hubs", out var hubs) && hubs.ValueKind == JsonValueKind.Array)
            foreach (var h in hubs.EnumerateArray())
                if (h.ValueKind == JsonValueKind.Object && h.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String
                    && (!h.TryGetProperty("type", out var t) || string.Equals(t.GetString(), "WebSub", StringComparison.OrdinalIgnoreCase)))
                    hub ??= Http(u.GetString());
        var self = root.TryGetProperty("feed_url", out var f) && f.ValueKind == JsonValueKind.String ? Http(f.GetString()) : null;
        return (hub, self);
    }

    private static Uri? Http(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u : null;
}
