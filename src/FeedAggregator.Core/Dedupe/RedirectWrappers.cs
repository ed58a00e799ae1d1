namespace FeedAggregator.Dedupe;

/// <summary>
/// Redirect services whose links carry the real URL in a query parameter. Only hosts listed here
/// are unwrapped: on any other site a <c>url=</c> parameter may be content (a link checker, a share page).
/// </summary>
internal static class RedirectWrappers
{
    // Host (lower-case, exact) → path prefix that marks the redirect endpoint ("" = any path) and the
    // parameters that may hold the target, first match wins.
    private static readonly (string Host, string PathPrefix, string[] Parameters)[] Known =
    [
        ("news.google.com", "", ["url"]),
        ("www.google.com", "/url", ["url", "q"]),
        ("google.com", "/url", ["url", "q"]),
        ("l.facebook.com", "/l.php", ["u"]),
        ("lm.facebook.com", "/l.php", ["u"]),
        ("out.reddit.com", "", ["url"]),
        ("www.bing.com", "/news/apiclick.aspx", ["url"]),
        ("r.search.yahoo.com", "", ["ru"]),
        ("t.umblr.com", "/redirect", ["z"]),
        ("href.li", "", []),
    ];

    /// <summary>The absolute http(s) target carried by a known wrapper, or null.</summary>
    public static string? Target(Uri uri)
    {
        var host = uri.Host.ToLowerInvariant();
        foreach (var (knownHost, pathPrefix, parameters) in Known)
        {
            if (host != knownHost || !uri.AbsolutePath.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var parameter in parameters)
            {
                var value = QueryValue(uri.Query, parameter);
                if (value is not null && CanonicalUrl.TryParseHttp(value, out _)) return value;
            }
            // href.li puts the target after the '?' itself, unnamed.
            if (parameters.Length == 0 && uri.Query.Length > 1)
            {
                var raw = Uri.UnescapeDataString(uri.Query[1..]);
                if (CanonicalUrl.TryParseHttp(raw, out _)) return raw;
            }
        }
        return null;
    }

    private static string? QueryValue(string query, string name)
    {
        if (query.Length <= 1) return null;
        foreach (var part in query[1..].Split('&'))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0) continue;
            if (string.Equals(Uri.UnescapeDataString(part[..equals]), name, StringComparison.OrdinalIgnoreCase))
            {
                return Uri.UnescapeDataString(part[(equals + 1)..].Replace('+', ' ')).Trim();
            }
        }
        return null;
    }
}
