using System.Text;
using System.Xml;

using static FeedAggregator.Parse.FirstValue;

namespace FeedAggregator.Parse;

/// <summary>
/// Reads the value of the element the reader is on, in one pass, and leaves the reader after its
/// end tag: as plain text, as HTML (escaped HTML text plus any inline markup), as an Atom/RSS
/// text construct, or as a person. Shared by the XML format readers.
/// </summary>
internal sealed class XmlContentReader(XmlReader r)
{
    private readonly StringBuilder _sb = new();
    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    };

    /// <summary>All descendant text, decoded.</summary>
    public string ReadText()
    {
        if (r.IsEmptyElement)
        {
            r.Read();
            return "";
        }
        int depth = r.Depth;
        r.Read();
        if (TryReadSingleText(depth, includeWhitespace: true, out var single)) return single;
        while (!(r.NodeType == XmlNodeType.EndElement && r.Depth == depth) && !r.EOF)
        {
            if (r.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
                _sb.Append(r.Value);
            r.Read();
        }
        r.Read();
        return _sb.ToString();
    }

    /// <summary>
    /// The content as an HTML string. <paramref name="textIsMarkup"/>: text nodes are HTML source
    /// (escaped HTML, as in RSS description); otherwise they are character data and get escaped
    /// (inline XHTML). Child elements are serialized without namespace prefixes or declarations.
    /// <paramref name="unwrapDiv"/> drops the Atom 1.0 xhtml wrapping div.
    /// </summary>
    public string ReadMarkup(bool textIsMarkup, bool unwrapDiv = false)
    {
        if (r.IsEmptyElement)
        {
            r.Read();
            return "";
        }
        int depth = r.Depth;
        r.Read();
        if (textIsMarkup)
        {
            if (TryReadSingleText(depth, includeWhitespace: false, out var single)) return single;
        }
        else _sb.Clear();
        int unwrappedDepth = -1;
        bool seenContent = false;
        while (!(r.NodeType == XmlNodeType.EndElement && r.Depth == depth) && !r.EOF)
        {
            switch (r.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    if (r.NodeType is XmlNodeType.Text or XmlNodeType.CDATA) seenContent = true;
                    if (textIsMarkup) _sb.Append(r.Value);
                    else AppendEscaped(_sb, r.Value, attribute: false);
                    break;
                case XmlNodeType.Element:
                    if (unwrapDiv && !seenContent && unwrappedDepth < 0 && r.Depth == depth + 1 && r.LocalName == "div" && !r.IsEmptyElement)
                    {
                        unwrappedDepth = r.Depth;
                        seenContent = true;
                        break;
                    }
                    seenContent = true;
                    AppendStartTag();
                    break;
                case XmlNodeType.EndElement:
                    if (r.Depth == unwrappedDepth) unwrappedDepth = -2;
                    else _sb.Append("</").Append(r.LocalName).Append('>');
                    break;
            }
            r.Read();
        }
        r.Read();
        return _sb.ToString();
    }

    /// <summary>
    /// The common case, an element holding one text node, without a builder. Otherwise the text read
    /// so far is left in the builder (cleared first) and the caller continues with the next node.
    /// </summary>
    private bool TryReadSingleText(int depth, bool includeWhitespace, out string value)
    {
        value = "";
        _sb.Clear();
        var t = r.NodeType;
        if (t is not (XmlNodeType.Text or XmlNodeType.CDATA) && !(includeWhitespace && t is XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace))
            return false;
        string v = r.Value;
        r.Read();
        if (r.NodeType == XmlNodeType.EndElement && r.Depth == depth)
        {
            r.Read();
            value = v;
            return true;
        }
        _sb.Append(v);
        return false;
    }

    private const string XhtmlNs = "http://www.w3.org/1999/xhtml";

    // Inline XHTML is written as HTML: no prefixes, no XHTML namespace. Embedded SVG/MathML keep their
    // namespace (stated where it changes) and their prefixed attributes such as xlink:href.
    private void AppendStartTag()
    {
        string name = r.LocalName;
        bool empty = r.IsEmptyElement;
        string ns = r.NamespaceURI;
        _sb.Append('<').Append(name);
        bool foreign = ns.Length > 0 && ns != XhtmlNs && !FormatSniffer.IsFeedNamespace(ns);
        bool declared = false;
        if (r.MoveToFirstAttribute())
        {
            do
            {
                bool isDecl = r.Prefix == "xmlns" || (r.Prefix.Length == 0 && r.LocalName == "xmlns");
                if (isDecl && !(foreign && r.Value != XhtmlNs)) continue;
                if (isDecl && r.Prefix.Length == 0) declared = true;
                _sb.Append(' ');
                if (r.Prefix.Length > 0) _sb.Append(r.Prefix).Append(':');
                _sb.Append(r.LocalName).Append("=\"");
                AppendEscaped(_sb, r.Value, attribute: true);
                _sb.Append('"');
            } while (r.MoveToNextAttribute());
            r.MoveToElement();
        }
        if (foreign && !declared && name is "svg" or "math") _sb.Append(" xmlns=\"").Append(ns).Append('"');
        if (!empty) _sb.Append('>');
        // An empty non-void element must be closed explicitly, or HTML would nest what follows inside it.
        else if (VoidElements.Contains(name)) _sb.Append(" />");
        else _sb.Append("></").Append(name).Append('>');
    }

    private static void AppendEscaped(StringBuilder sb, string s, bool attribute)
    {
        foreach (char c in s)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"' when attribute: sb.Append("&quot;"); break;
                default: sb.Append(c); break;
            }
        }
    }

    /// <summary>
    /// An Atom (1.0 type="text|html|xhtml|MIME", 0.3 type + mode="xml|escaped|base64") text construct.
    /// </summary>
    public RawText ReadTextConstruct(Uri? baseUri, bool atom10)
    {
        string type = (r.GetAttribute("type") ?? "text").Trim().ToLowerInvariant();
        string? mode = r.GetAttribute("mode")?.Trim().ToLowerInvariant();
        bool html = type is "html" or "xhtml" || type.Contains("html", StringComparison.Ordinal);
        bool xmlType = type is "xhtml" || type.EndsWith("+xml", StringComparison.Ordinal) || type.EndsWith("/xml", StringComparison.Ordinal);
        bool base64 = mode == "base64" || (atom10 && type.Contains('/') && !type.StartsWith("text/", StringComparison.Ordinal) && !xmlType);
        if (base64)
        {
            var raw = ReadText();
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(raw.Trim()));
            }
            catch (FormatException)
            {
                decoded = raw;
            }
            return new RawText(decoded, html, baseUri);
        }
        if (mode == "escaped") return new RawText(ReadText(), html, baseUri);
        if (html && !xmlType && type != "application/xhtml+xml") return new RawText(ReadMarkup(textIsMarkup: true), true, baseUri);
        if (html || xmlType) return new RawText(ReadMarkup(textIsMarkup: false, unwrapDiv: atom10 && type == "xhtml"), true, baseUri);
        return new RawText(ReadText(), false, baseUri);
    }

    /// <summary>An Atom person (name/email/uri children, 0.3 url) or an RSS person string.</summary>
    public ParsedPerson? ReadPerson(Uri? baseUri)
    {
        if (r.IsEmptyElement)
        {
            r.Read();
            return null;
        }
        int depth = r.Depth;
        r.Read();
        string? name = null, email = null, uri = null;
        var text = new StringBuilder();
        while (!(r.NodeType == XmlNodeType.EndElement && r.Depth == depth) && !r.EOF)
        {
            if (r.NodeType == XmlNodeType.Element)
            {
                switch (r.LocalName)
                {
                    case "name": name = First(name, Blank(ReadText())); break;
                    case "email": email = First(email, Blank(ReadText())); break;
                    case "uri" or "url": uri = First(uri, UrlResolver.Resolve(baseUri, Blank(ReadText()))); break;
                    default: r.Skip(); break;
                }
                continue;
            }
            if (r.NodeType is XmlNodeType.Text or XmlNodeType.CDATA) text.Append(r.Value);
            r.Read();
        }
        r.Read();
        if (name is not null || email is not null || uri is not null) return new ParsedPerson(name, email, uri);
        return PersonString.Parse(text.ToString());
    }

    private static string? Blank(string s)
    {
        var t = s.Trim();
        return t.Length == 0 ? null : t;
    }
}
