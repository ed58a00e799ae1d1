using System.Text;

namespace FeedAggregator.Parse;

/// <summary>
/// The second chance for a document that is not well-formed XML: what a careful reader would
/// recover, done as a text rewrite before parsing again. Characters illegal in XML are dropped,
/// junk before the root element is dropped, HTML named entities become numeric references and a
/// stray "&amp;" is escaped. Comments and CDATA sections are copied unchanged.
/// </summary>
internal static class XmlRepair
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
