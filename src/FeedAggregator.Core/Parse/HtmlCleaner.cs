using System.Text.RegularExpressions;
using Ganss.Xss;

namespace FeedAggregator.Parse;

/// <summary>
/// Sanitizes HTML fragments from feeds with HtmlSanitizer, configured from its defaults and widened
/// to the harmless elements and attributes feeds use (CONTRACT.md "HTML", the kit's sanitize
/// cases): no script/style/embedding elements, no event attributes, no javascript: URLs, only safe
/// CSS (<see cref="CssFilter"/>, verbatim rather than re-serialized); relative href/src made
/// absolute. A removed element keeps its children (as text-level markup), except elements whose
/// content is code or invisible. One configured instance is shared: HtmlSanitizer's Sanitize is
/// thread-safe once configured.
/// </summary>
internal sealed partial class HtmlCleaner
{
    private static readonly string[] ExtraTags =
    [
        "abbr", "acronym", "address", "area", "article", "aside", "audio", "big", "button", "canvas", "caption", "center",
        "col", "colgroup", "command", "datagrid", "datalist", "del", "details", "dfn", "dialog", "dir", "event-source",
        "fieldset", "figure", "font", "footer", "form", "header", "input", "ins", "keygen", "label", "legend", "m", "map",
        "menu", "meter", "multicol", "nav", "nextid", "noscript", "optgroup", "option", "output", "progress", "q", "s",
        "samp", "section", "select", "sound", "source", "spacer", "strike", "textarea", "time", "tt", "video",
    ];

    private static readonly string[] ExtraAttributes =
    [
        "abbr", "accept", "accept-charset", "accesskey", "action", "align", "alt", "autocomplete", "autofocus",
        "axis", "background", "balance", "bgcolor", "bgproperties", "border", "bordercolor", "bordercolordark",
        "bordercolorlight", "bottompadding", "cellpadding", "cellspacing", "ch", "challenge", "char", "charoff", "charset",
        "checked", "choff", "cite", "class", "clear", "color", "cols", "colspan", "compact", "contenteditable", "coords",
        "data", "datafld", "datapagesize", "datasrc", "datetime", "default", "delay", "dir", "disabled", "draggable",
        "dynsrc", "enctype", "end", "face", "for", "form", "frame", "galleryimg", "gutter", "headers", "height", "hidden",
        "hidefocus", "high", "href", "hreflang", "hspace", "icon", "id", "inputmode", "ismap", "keytype", "label", "lang",
        "leftspacing", "list", "longdesc", "loop", "loopcount", "loopend", "loopstart", "low", "lowsrc", "max", "maxlength",
        "media", "method", "min", "multiple", "name", "nohref", "noshade", "nowrap", "open", "optimum", "pattern", "ping",
        "point-size", "poster", "pqg", "preload", "prompt", "radiogroup", "readonly", "rel", "repeat-max", "repeat-min",
        "replace", "required", "rev", "rightspacing", "rows", "rowspan", "rules", "scope", "selected", "shape", "size",
        "span", "src", "start", "step", "summary", "suppress", "tabindex", "target", "template", "title", "toppadding",
        "type", "unselectable", "urn", "usemap", "valign", "value", "variable", "volume", "vrml", "vspace", "width", "wrap",
    ];

    // Removed together with their content: code, or content that is never visible.
    private static readonly HashSet<string> DropWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "title", "head", "template", "applet", "noembed", "noframes", "math", "svg",
    };

    private readonly HtmlSanitizer _sanitizer;
    private readonly string _styleParking = "data-style-" + Guid.NewGuid().ToString("N");

    public HtmlCleaner()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(HtmlSanitizerDefaults.AllowedTags.Concat(ExtraTags), StringComparer.OrdinalIgnoreCase),
            // style is filtered by CssFilter (see OnRemovingAttribute), not by HtmlSanitizer's CSS model.
            AllowedAttributes = new HashSet<string>(HtmlSanitizerDefaults.AllowedAttributes.Concat(ExtraAttributes).Where(a => a != "style"), StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedSchemes = new HashSet<string>(HtmlSanitizerDefaults.AllowedSchemes, StringComparer.OrdinalIgnoreCase)
            {
                "mailto", "ftp", "feed", "irc", "news", "nntp", "tel", "webcal", "xmpp", "magnet", "urn", "tag",
            },
            UriAttributes = new HashSet<string>(HtmlSanitizerDefaults.UriAttributes.Concat(["poster", "lowsrc", "dynsrc", "background", "cite", "longdesc", "usemap"]), StringComparer.OrdinalIgnoreCase),
        };
        _sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };
        _sanitizer.RemovingTag += (_, e) =>
        {
            if (DropWithContent.Contains(e.Tag.LocalName)) e.Tag.InnerHtml = "";
        };
        _sanitizer.RemovingAttribute += (_, e) =>
        {
            if (!e.Attribute.Name.Equals("style", StringComparison.OrdinalIgnoreCase)) return;
            // HtmlSanitizer would still rewrite a kept style through its CSS model (rgba(...), 0pt -> 0),
            // so the filtered value is parked under an unguessable name and renamed after sanitizing.
            var safe = CssFilter.Filter(e.Attribute.Value);
            if (safe.Length > 0) e.Tag.SetAttribute(_styleParking, safe);
        };
    }

    // iframe content is raw text to an HTML5 parser; unwrapping it lets its markup be parsed and
    // sanitized like the rest (the iframe itself is removed anyway).
    [GeneratedRegex(@"</?iframe\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex IframeTag();

    public string Clean(string html, Uri? baseUri)
    {
        if (html.Length == 0) return html;
        // Plain text needs no DOM round trip (the common case for short summaries).
        if (html.AsSpan().IndexOfAny('<', '&') < 0 && html.IndexOf('>') < 0) return html;
        if (html.Contains("iframe", StringComparison.OrdinalIgnoreCase)) html = IframeTag().Replace(html, "");
        var clean = _sanitizer.Sanitize(html, baseUri?.AbsoluteUri ?? "");
        return clean.Contains(_styleParking, StringComparison.Ordinal) ? clean.Replace(" " + _styleParking + "=", " style=", StringComparison.Ordinal) : clean;
    }
}
