using System.Net;

namespace FeedAggregator.Publish;

/// <summary>
/// The one rule for every URL written into an output (merged feeds, digest, OPML, status page): only an absolute
/// http(s) URL with a host is published; anything else (javascript:, vbscript:, data:, file:, relative, junk) is
/// dropped. Judged the way a reader would see it: after trimming, after removing the tabs and newlines URL parsers
/// ignore, and after decoding HTML character references, so " JaVa&#x09;script:" or "java\nscript:" cannot pass
/// as something else. A small pure function, so that writers may apply their own link canonicalisation first.
/// </summary>
public static class WebUrl
{
    /// <summary>The URL, trimmed, when it is a web URL; else null.</summary>
    public static string? OrNull(string? url)
    {
        if (url is null) return null;
        var trimmed = url.Trim(' ', '\t', '\n', '\r', '\f', '\v', '\0');
        return IsWeb(trimmed) && IsWeb(Unescaped(trimmed)) ? trimmed : null;
    }

    public static bool IsWeb(string? url) => url is not null && Unescaped(url) is var u
        && u.Length > 0 && Uri.TryCreate(u, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0
        && u.StartsWith(uri.Scheme, StringComparison.OrdinalIgnoreCase);

    // What a browser's URL parser works on: character references decoded (HTML attributes), then ASCII tab and
    // newline removed anywhere and C0 controls and spaces trimmed.
    private static string Unescaped(string url)
    {
        var s = url.Contains('&') ? WebUtility.HtmlDecode(url) : url;
        if (s.AsSpan().IndexOfAny('\t', '\n', '\r') >= 0) s = s.Replace("\t", "").Replace("\n", "").Replace("\r", "");
        return s.Trim().Trim('\0');
    }
}
