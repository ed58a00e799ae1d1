using Ganss.Xss;

namespace FeedAggregator.Parse;

/// <summary>
/// Sanitizes HTML fragments from feeds with HtmlSanitizer, configured from its defaults (see
/// CONTRACT.md "HTML"): no script/style/embedding elements, no event attributes, no javascript:
/// URLs, only safe CSS; relative href/src made absolute against the given base. One configured
/// instance is shared: HtmlSanitizer's Sanitize is thread-safe once configured.
/// </summary>
internal sealed class HtmlCleaner
{
    private readonly HtmlSanitizer _sanitizer;

    public HtmlCleaner()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(HtmlSanitizerDefaults.AllowedTags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(HtmlSanitizerDefaults.AllowedAttributes, StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(HtmlSanitizerDefaults.AllowedCssProperties, StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(HtmlSanitizerDefaults.AllowedAtRules),
            AllowedSchemes = new HashSet<string>(HtmlSanitizerDefaults.AllowedSchemes, StringComparer.OrdinalIgnoreCase) { "mailto", "ftp" },
            UriAttributes = new HashSet<string>(HtmlSanitizerDefaults.UriAttributes, StringComparer.OrdinalIgnoreCase),
        };
        _sanitizer = new HtmlSanitizer(options);
    }

    public string Clean(string html, Uri? baseUri)
    {
        if (html.Length == 0) return html;
        // Plain text needs no DOM round trip (the common case for short summaries).
        if (html.AsSpan().IndexOfAny('<', '&') < 0 && html.IndexOf('>') < 0) return html;
        return _sanitizer.Sanitize(html, baseUri?.AbsoluteUri ?? "");
    }
}
