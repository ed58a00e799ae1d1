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
        // Inline SVG and MathML drawing elements (no script, no foreignObject).
        "svg", "circle", "ellipse", "line", "path", "polygon", "polyline", "rect", "g", "defs", "desc", "text", "tspan",
        "title", "math", "mrow", "mi", "mo", "mn", "ms", "mtext", "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mtable", "mtr", "mtd",
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
        "version", "baseprofile", "cx", "cy", "r", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2", "d", "points", "fill", "stroke",
        "stroke-width", "viewbox", "transform", "xmlns", "xlink", "show",
    ];

    // Removed together with their content: code, or content that is never visible.
    private static readonly HashSet<string> DropWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "head", "template", "applet", "noembed", "noframes", "foreignobject",
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
        // Inline SVG/MathML written HTML5-style (no xmlns) gets its namespace stated, as in XHTML.
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not AngleSharp.Dom.IElement el) return;
            if (el.LocalName is "svg" or "math" && !el.HasAttribute("xmlns"))
                el.SetAttribute("xmlns", el.LocalName == "svg" ? "http://www.w3.org/2000/svg" : "http://www.w3.org/1998/Math/MathML");
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

    // HtmlSanitizer checks attributes by local name: xlink:href is vetted as a URL like href, and the
    // vetted value is also written back as a plain href, which SVG/MathML do not have.
    [GeneratedRegex(@"(xlink:href=""([^""]*)"") href=""\2""")]
    private static partial Regex XlinkDuplicate();

    /// <summary>The sanitized fragment. <paramref name="notes"/> collects what the size and depth limits changed;
    /// <paramref name="ct"/> (the per-document parse budget) is honoured while the HTML is parsed.</summary>
    public string Clean(string html, Uri? baseUri, ICollection<string>? notes = null, CancellationToken ct = default)
    {
        if (html.Length == 0) return html;
        // Plain text needs no DOM round trip (the common case for short summaries).
        if (html.AsSpan().IndexOfAny('<', '&') < 0 && html.IndexOf('>') < 0) return html;
        html = HtmlLimits.Bound(html, out var limited);
        if (limited is not null) notes?.Add(limited);
        if (html.Contains("iframe", StringComparison.OrdinalIgnoreCase)) html = IframeTag().Replace(html, "");
        var clean = Sanitize(html, baseUri?.AbsoluteUri ?? "", notes, ct);
        if (clean.Contains("xlink:href=", StringComparison.Ordinal))
            clean = XlinkDuplicate().Replace(clean, "$1 xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
        return clean.Contains(_styleParking, StringComparison.Ordinal) ? clean.Replace(" " + _styleParking + "=", " style=", StringComparison.Ordinal) : clean;
    }

    /// <summary>HtmlSanitizer's Sanitize(string), taken apart: the parse is cancellable (AngleSharp checks the token
    /// between tokens) and the parsed tree is flattened below <see cref="HtmlLimits.MaxDepth"/> before the sanitizer
    /// and the serializer, both recursive, walk it.</summary>
    private string Sanitize(string html, string baseUrl, ICollection<string>? notes, CancellationToken ct)
    {
        var parser = _sanitizer.HtmlParserFactory();
        using var doc = parser.ParseDocumentAsync("<!doctype html><html><body>" + html, ct).GetAwaiter().GetResult();
        if (doc.Body is not { } body) return "";
        if (HtmlTree.FlattenBelow(doc, body, HtmlLimits.MaxDepth) is > 0 and var flattened)
            notes?.Add($"markup nested more than {HtmlLimits.MaxDepth} elements deep: {flattened} subtrees flattened to their text");
        _sanitizer.SanitizeDom(doc, body, baseUrl);
        using var writer = new StringWriter();
        foreach (var node in body.ChildNodes) node.ToHtml(writer, _sanitizer.OutputFormatter);
        return writer.ToString();
    }
}
