using System.Text;

namespace FeedAggregator.Dedupe;

/// <summary>
/// The form of an article URL used to decide "same article": two links with the same canonical
/// URL are one story whichever feed carried them. The canonical form is for comparison and as a
/// key, not for display: it drops <c>www.</c>, which a browser would keep.
/// <para>What is normalized: scheme and host lower-cased; default port, user info, fragment and
/// <c>www.</c> dropped; tracking parameters (<see cref="TrackingParameters"/>) dropped; remaining query
/// parameters sorted; an empty query removed; percent-encoding normalized (unreserved characters
/// decoded, hex digits upper-cased). What is kept: the path exactly (case, trailing slash,
/// <c>index.html</c>), because servers may serve different pages there.</para>
/// </summary>
public static class CanonicalUrl
{
    /// <summary>The canonical form of <paramref name="url"/>; an input that is not an absolute
    /// http(s) URL comes back trimmed. Never throws.</summary>
    public static string Canonicalize(string url) => TryCanonicalize(url) ?? "";

    /// <summary>As <see cref="Canonicalize"/>; null or blank input gives null.</summary>
    public static string? TryCanonicalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        var trimmed = url.Trim();
        if (!TryParseHttp(trimmed, out var uri)) return trimmed;

        var host = uri.Host.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal) && host.Length > 4) host = host[4..];

        var result = new StringBuilder(trimmed.Length);
        result.Append(uri.Scheme).Append("://").Append(host);
        if (!uri.IsDefaultPort) result.Append(':').Append(uri.Port);
        result.Append(PercentEncoding.Normalize(uri.AbsolutePath));
        var query = CanonicalQuery(uri.Query);
        if (query.Length > 0) result.Append('?').Append(query);
        return result.ToString();
    }

    /// <summary>
    /// The real article URL behind a link: <paramref name="originalLink"/> (feedburner:origLink)
    /// when it is an absolute http(s) URL, else the target of a known redirect wrapper that carries
    /// it in a query parameter (<see cref="RedirectWrappers"/>), else the link itself, trimmed.
    /// Wrappers that hide the target in their path (feedproxy.google.com/~r/...) can only be
    /// unwrapped through origLink. Null when both inputs are blank. Never throws.
    /// </summary>
    public static string? Unwrap(string? link, string? originalLink)
    {
        if (!string.IsNullOrWhiteSpace(originalLink) && TryParseHttp(originalLink.Trim(), out _))
        {
            return UnwrapWrappers(originalLink.Trim());
        }
        if (string.IsNullOrWhiteSpace(link)) return string.IsNullOrWhiteSpace(originalLink) ? null : originalLink.Trim();
        return UnwrapWrappers(link.Trim());
    }

    /// <summary>
    /// The link to publish for an article: the real URL (<see cref="Unwrap"/>) without tracking parameters, otherwise
    /// as the publisher wrote it. Unlike the canonical key it keeps <c>www.</c>, the parameters' order and the
    /// fragment, since it must still open the page. A link that is not absolute http(s) comes back as unwrapped (the
    /// writers publish http(s) only). Null when both inputs are blank. Never throws.
    /// </summary>
    public static string? Clean(string? link, string? originalLink)
    {
        var real = Unwrap(link, originalLink);
        if (real is null || !TryParseHttp(real, out _)) return real;
        var hash = real.IndexOf('#');
        var fragment = hash < 0 ? "" : real[hash..];
        var rest = hash < 0 ? real : real[..hash];
        var question = rest.IndexOf('?');
        if (question < 0) return real;
        var kept = rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries).Where(part =>
        {
            var equals = part.IndexOf('=');
            return !TrackingParameters.IsTracking(Uri.UnescapeDataString(equals < 0 ? part : part[..equals]));
        }).ToList();
        return rest[..question] + (kept.Count > 0 ? "?" + string.Join('&', kept) : "") + fragment;
    }

    private static string UnwrapWrappers(string link)
    {
        // A wrapper may wrap another wrapper (a Google redirect around a Facebook one); a few rounds suffice.
        for (var round = 0; round < 3; round++)
        {
            if (!TryParseHttp(link, out var uri)) return link;
            var target = RedirectWrappers.Target(uri);
            if (target is null) return link;
            link = target;
        }
        return link;
    }

    internal static bool TryParseHttp(string text, out Uri uri)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var parsed)
            && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps)
            && parsed.Host.Length > 0)
        {
            uri = parsed;
            return true;
        }
        uri = null!;
        return false;
    }

    private static string CanonicalQuery(string query)
    {
        if (query.Length <= 1) return "";
        var kept = new List<string>();
        foreach (var part in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var normalized = PercentEncoding.Normalize(part);
            var equals = normalized.IndexOf('=');
            var name = equals < 0 ? normalized : normalized[..equals];
            if (!TrackingParameters.IsTracking(Uri.UnescapeDataString(name))) kept.Add(normalized);
        }
        // Ordinal sort of whole "name=value" pairs: order-insensitive, and stable for repeated names.
        kept.Sort(StringComparer.Ordinal);
        return string.Join('&', kept);
    }
}
