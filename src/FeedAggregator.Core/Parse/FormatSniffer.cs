namespace FeedAggregator.Parse;

/// <summary>Decides the format by content, never by file name: JSON by its first character, XML
/// by the root element, its namespace and version attribute.</summary>
internal static class FormatSniffer
{
    public const string Atom10Ns = "http://www.w3.org/2005/Atom";
    public const string Atom03Ns = "http://purl.org/atom/ns#";
    public const string Rss090Ns = "http://my.netscape.com/rdf/simple/0.9/";
    public const string Rss10Ns = "http://purl.org/rss/1.0/";

    public static bool LooksLikeJson(string text)
    {
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\uFEFF') continue;
            return c is '{' or '[';
        }
        return false;
    }

    public static bool LooksLikeJson(byte[] bytes)
    {
        int i = bytes.AsSpan().StartsWith("\xEF\xBB\xBF"u8) ? 3 : 0;
        while (i < bytes.Length && bytes[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        return i < bytes.Length && bytes[i] is (byte)'{' or (byte)'[';
    }

    public static FeedFormat FromRoot(string localName, string namespaceUri, string? version, string? defaultNamespace)
    {
        namespaceUri = namespaceUri.Trim();
        defaultNamespace = defaultNamespace?.Trim();
        switch (localName.ToLowerInvariant())
        {
            case "rss":
                var v = version?.Trim() ?? "";
                return v switch
                {
                    "0.90" => FeedFormat.Rss090,
                    "0.91" => FeedFormat.Rss091,
                    "0.92" => FeedFormat.Rss092,
                    "0.93" => FeedFormat.Rss093,
                    "0.94" => FeedFormat.Rss094,
                    _ when v.StartsWith("2.", StringComparison.Ordinal) || v == "2" => FeedFormat.Rss20,
                    _ => FeedFormat.Rss,
                };
            case "rdf":
                return defaultNamespace == Rss090Ns ? FeedFormat.Rss090 : FeedFormat.Rss10;
            case "feed":
                if (namespaceUri == Atom10Ns) return FeedFormat.Atom10;
                if (namespaceUri == Atom03Ns || version?.Trim() == "0.3") return FeedFormat.Atom03;
                return FeedFormat.Atom;
            case "channel":
                return FeedFormat.Cdf;
            default:
                return FeedFormat.Unknown;
        }
    }

    public static bool IsFeedNamespace(string ns) => ns is Atom10Ns or Atom03Ns or Rss090Ns or Rss10Ns;

    public static bool IsAtom(FeedFormat f) => f is FeedFormat.Atom03 or FeedFormat.Atom10 or FeedFormat.Atom;

    /// <summary>The contract's lowercase name of a format.</summary>
    public static string Name(FeedFormat f) => f switch
    {
        FeedFormat.Rss090 => "rss090",
        FeedFormat.Rss091 => "rss091",
        FeedFormat.Rss092 => "rss092",
        FeedFormat.Rss093 => "rss093",
        FeedFormat.Rss094 => "rss094",
        FeedFormat.Rss10 => "rss10",
        FeedFormat.Rss20 => "rss20",
        FeedFormat.Rss => "rss",
        FeedFormat.Atom03 => "atom03",
        FeedFormat.Atom10 => "atom10",
        FeedFormat.Atom => "atom",
        FeedFormat.Cdf => "cdf",
        FeedFormat.Json10 => "json10",
        FeedFormat.Json11 => "json11",
        _ => "unknown",
    };
}
