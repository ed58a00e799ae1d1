using System.Text;

namespace FeedAggregator.Parse;

/// <summary>
/// The second chance for a document that is not well-formed XML: what a careful reader would
/// recover, done as a text rewrite before parsing again. Characters illegal in XML are dropped,
/// junk before the root element is dropped, HTML named entities become numeric references and a
/// stray "&amp;" is escaped. Comments and CDATA sections are copied unchanged.
/// </summary>
internal static partial class XmlRepair
{
    public static string Repair(string xml)
    {
        var sb = new StringBuilder(xml.Length + 64);
        int i = SkipJunkBeforeRoot(xml);
        while (i < xml.Length)
        {
            char c = xml[i];
            if (c == '<' && string.CompareOrdinal(xml, i, "<![CDATA[", 0, 9) == 0)
                i = CopyThrough(xml, i, "]]>", sb);
            else if (c == '<' && string.CompareOrdinal(xml, i, "<!--", 0, 4) == 0)
                i = CopyThrough(xml, i, "-->", sb);
            else if (c == '&')
                i = RepairReference(xml, i, sb);
            else
            {
                if (IsXmlChar(xml, i)) sb.Append(c);
                else if (char.IsHighSurrogate(c) && i + 1 < xml.Length && char.IsLowSurrogate(xml[i + 1])) sb.Append(c).Append(xml[++i]);
                i++;
            }
        }
        return sb.ToString();
    }

    /// <summary>The third chance, for a repaired document that still breaks: element structure balanced and undeclared
    /// prefixes declared (<see cref="Balance"/>, <see cref="DeclarePrefixes"/>).</summary>
    public static string Restructure(string repaired) => DeclarePrefixes(Balance(repaired));

    private static readonly HashSet<string> HtmlVoid = new(StringComparer.OrdinalIgnoreCase)
    {
        "br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "param", "source", "track", "wbr",
    };

    /// <summary>
    /// Makes the element structure well-formed the way a lenient reader recovers it: an HTML void element written
    /// unclosed (&lt;br&gt;) is closed at once; an end tag closes the open elements above its match; an end tag that
    /// matches nothing is dropped; elements still open at the end are closed. So an unclosed element before the items
    /// does not swallow them.
    /// </summary>
    private static string Balance(string xml)
    {
        var sb = new StringBuilder(xml.Length + 64);
        var open = new List<string>();
        int i = 0;
        while (i < xml.Length)
        {
            int lt = xml.IndexOf('<', i);
            if (lt < 0) { sb.Append(xml, i, xml.Length - i); break; }
            sb.Append(xml, i, lt - i);
            if (string.CompareOrdinal(xml, lt, "<![CDATA[", 0, 9) == 0 || string.CompareOrdinal(xml, lt, "<!--", 0, 4) == 0)
            {
                var end = xml.IndexOf(xml[lt + 2] == '[' ? "]]>" : "-->", lt, StringComparison.Ordinal);
                end = end < 0 ? xml.Length : end + 3;
                sb.Append(xml, lt, end - lt);
                i = end;
                continue;
            }
            int gt = lt + 1 < xml.Length && xml[lt + 1] is '?' or '!' ? xml.IndexOf('>', lt) : TextRenderer.QuotedTagEnd(xml, lt);
            if (gt < 0 || gt >= xml.Length) { sb.Append(xml, lt, xml.Length - lt); break; }
            var tag = xml.AsSpan(lt, gt - lt + 1);
            i = gt + 1;
            if (tag.Length < 3 || tag[1] is '?' or '!') { sb.Append(tag); continue; }
            bool closing = tag[1] == '/';
            var name = NameAt(tag, closing ? 2 : 1);
            if (name.Length == 0)
            {
                // A '<' that opens no tag is text.
                sb.Append("&lt;");
                i = lt + 1;
                continue;
            }
            if (closing)
            {
                int match = open.FindLastIndex(n => n == name);
                if (match < 0) continue; // matches nothing: dropped
                for (int k = open.Count - 1; k > match; k--) sb.Append("</").Append(open[k]).Append('>');
                open.RemoveRange(match, open.Count - match);
                sb.Append(tag);
            }
            else if (tag[^2] == '/') sb.Append(tag);
            else if (HtmlVoid.Contains(name) && !name.Contains(':')) sb.Append(tag[..^1]).Append("/>");
            else
            {
                open.Add(name);
                sb.Append(tag);
            }
        }
        for (int k = open.Count - 1; k >= 0; k--) sb.Append("</").Append(open[k]).Append('>');
        return sb.ToString();
    }

    private static string NameAt(ReadOnlySpan<char> tag, int from)
    {
        int n = from;
        while (n < tag.Length && (char.IsLetterOrDigit(tag[n]) || tag[n] is ':' or '-' or '_' or '.')) n++;
        return n > from && (char.IsLetter(tag[from]) || tag[from] == '_') ? tag[from..n].ToString() : "";
    }

    // The usual homes of the prefixes feeds use without declaring them.
    private static readonly Dictionary<string, string> KnownPrefixes = new(StringComparer.Ordinal)
    {
        ["content"] = "http://purl.org/rss/1.0/modules/content/",
        ["dc"] = "http://purl.org/dc/elements/1.1/",
        ["dcterms"] = "http://purl.org/dc/terms/",
        ["itunes"] = "http://www.itunes.com/dtds/podcast-1.0.dtd",
        ["media"] = "http://search.yahoo.com/mrss/",
        ["atom"] = "http://www.w3.org/2005/Atom",
        ["sy"] = "http://purl.org/rss/1.0/modules/syndication/",
        ["feedburner"] = "http://rssnamespace.org/feedburner/ext/1.0",
        ["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        ["wfw"] = "http://wellformedweb.org/CommentAPI/",
        ["slash"] = "http://purl.org/rss/1.0/modules/slash/",
        ["thr"] = "http://purl.org/syndication/thread/1.0",
        ["georss"] = "http://www.georss.org/georss",
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"<([A-Za-z_][\w.-]*):[A-Za-z_]|\s([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*\s*=")]
    private static partial System.Text.RegularExpressions.Regex PrefixUse();

    /// <summary>Declares, on the root element, every prefix the document uses but never declares (a feed that writes
    /// content:encoded without xmlns:content would otherwise stop being readable there).</summary>
    private static string DeclarePrefixes(string xml)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (System.Text.RegularExpressions.Match m in PrefixUse().Matches(xml))
        {
            var p = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            if (p is not ("xml" or "xmlns") && !xml.Contains("xmlns:" + p + "=", StringComparison.Ordinal)) used.Add(p);
        }
        if (used.Count == 0) return xml;
        int root = RootStart(xml);
        if (root < 0) return xml;
        int nameEnd = root + 1;
        while (nameEnd < xml.Length && !char.IsWhiteSpace(xml[nameEnd]) && xml[nameEnd] is not ('>' or '/')) nameEnd++;
        var decl = new StringBuilder();
        foreach (var p in used) decl.Append(" xmlns:").Append(p).Append("=\"").Append(KnownPrefixes.GetValueOrDefault(p, "urn:undeclared:" + p)).Append('"');
        return xml.Insert(nameEnd, decl.ToString());
    }

    private static int RootStart(string xml)
    {
        for (int i = xml.IndexOf('<'); i >= 0 && i + 1 < xml.Length; i = xml.IndexOf('<', i + 1))
        {
            if (xml[i + 1] == '!' && string.CompareOrdinal(xml, i, "<!--", 0, 4) == 0)
            {
                i = xml.IndexOf("-->", i, StringComparison.Ordinal);
                if (i < 0) return -1;
                continue;
            }
            if (char.IsLetter(xml[i + 1]) || xml[i + 1] == '_') return i;
        }
        return -1;
    }

    /// <summary>True when the document contains characters XML forbids (so repair has work to do).</summary>
    private static bool IsXmlChar(string s, int i)
    {
        char c = s[i];
        if (c >= 0x20) return c is < '\uD800' or (> '\uDFFF' and < '\uFFFE');
        return c is '\t' or '\n' or '\r';
    }

    // The XML declaration must come first, and nothing but comments, PIs and a DOCTYPE may precede the root.
    private static int SkipJunkBeforeRoot(string xml)
    {
        // A comment or anything else written before the XML declaration: start at the declaration.
        int decl = xml.IndexOf("<?xml", StringComparison.Ordinal);
        if (decl > 0 && decl < RootStart(xml)) return decl;
        int i = 0;
        while (i < xml.Length)
        {
            int lt = xml.IndexOf('<', i);
            if (lt < 0) return 0;
            if (lt + 1 < xml.Length && (xml[lt + 1] is '?' or '!' || char.IsLetter(xml[lt + 1]) || xml[lt + 1] == '_'))
                return lt;
            i = lt + 1;
        }
        return 0;
    }

    private static int CopyThrough(string xml, int i, string terminator, StringBuilder sb)
    {
        int end = xml.IndexOf(terminator, i, StringComparison.Ordinal);
        end = end < 0 ? xml.Length : end + terminator.Length;
        for (int k = i; k < end; k++)
            if (IsXmlChar(xml, k)) sb.Append(xml[k]);
        return end;
    }

    private static int RepairReference(string xml, int amp, StringBuilder sb)
    {
        int semi = -1;
        for (int k = amp + 1; k < xml.Length && k - amp <= 40; k++)
        {
            char c = xml[k];
            if (c == ';') { semi = k; break; }
            if (!char.IsAsciiLetterOrDigit(c) && c != '#') break;
        }
        if (semi < 0)
        {
            sb.Append("&amp;");
            return amp + 1;
        }
        var name = xml.AsSpan(amp + 1, semi - amp - 1);
        if (name.Length > 1 && name[0] == '#')
        {
            // Numeric: keep if it denotes a character XML allows, else drop it.
            bool hex = name[1] is 'x' or 'X';
            var digits = hex ? name[2..] : name[1..];
            if (int.TryParse(digits, hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out int code))
            {
                if (IsAllowedCodePoint(code)) sb.Append("&#").Append(code).Append(';');
                return semi + 1;
            }
            sb.Append("&amp;");
            return amp + 1;
        }
        if (name is "amp" or "lt" or "gt" or "quot" or "apos")
        {
            sb.Append(xml, amp, semi - amp + 1);
            return semi + 1;
        }
        var symbol = HtmlEntities.Lookup(name.ToString());
        if (symbol is null)
        {
            sb.Append("&amp;");
            return amp + 1;
        }
        foreach (var rune in symbol.EnumerateRunes()) sb.Append("&#").Append(rune.Value).Append(';');
        return semi + 1;
    }

    private static bool IsAllowedCodePoint(int c) =>
        c is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
}
