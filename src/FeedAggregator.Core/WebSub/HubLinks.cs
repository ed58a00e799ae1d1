using System.Text.Json;
using System.Xml;

namespace FeedAggregator.WebSub;

/// <summary>WebSub discovery in a fetched feed (§4): its rel="hub" and rel="self" links (Atom, or atom:link in RSS),
/// or JSON Feed's hubs. Only the head of the document is read: the links come before the entries.</summary>
public static class HubLinks
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";

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
