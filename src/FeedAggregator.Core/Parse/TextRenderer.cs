using System.Net;
using System.Text;

namespace FeedAggregator.Parse;

/// <summary>
/// Renders an HTML fragment as plain text for title-like fields: tags dropped, script/style
/// content dropped, block boundaries and &lt;br&gt; become a space, references decoded,
/// whitespace runs collapsed. A small scanner, not a DOM: titles are short and this runs per entry.
/// </summary>
internal static class TextRenderer
{
    private static readonly HashSet<string> Invisible = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "noscript", "template", "head", "title" };
    private static readonly HashSet<string> Block = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
        "td", "th", "tr", "ul",
    };

    public static string HtmlToText(string html)
    {
        if (html.IndexOf('<') < 0 && html.IndexOf('&') < 0) return CollapseWhitespace(html);
        var sb = new StringBuilder(html.Length);
        string? skipUntil = null;
        int i = 0;
        while (i < html.Length)
        {
            char c = html[i];
            if (c == '<' && i + 1 < html.Length && (char.IsAsciiLetter(html[i + 1]) || html[i + 1] is '/' or '!' or '?'))
            {
                int end = TagEnd(html, i);
                var tag = html.AsSpan(i + 1, end - i - 1);
                bool closing = tag.Length > 0 && tag[0] == '/';
                var name = TagName(closing ? tag[1..] : tag);
                if (skipUntil is not null)
                {
                    if (closing && name.Equals(skipUntil, StringComparison.OrdinalIgnoreCase)) skipUntil = null;
                }
                else if (!closing && Invisible.Contains(name) && !(tag.Length > 0 && tag[^1] == '/')) skipUntil = name;
                else if (Block.Contains(name)) sb.Append(' ');
                i = Math.Min(end + 1, html.Length);
                continue;
            }
            int next = html.IndexOf('<', i + 1);
            if (next < 0) next = html.Length;
            if (skipUntil is null) sb.Append(WebUtility.HtmlDecode(DecodeHtml5Names(html[i..next])));
            i = next;
        }
        return CollapseWhitespace(sb.ToString());
    }

    // WebUtility knows only the HTML 4 names; the rest of the HTML5 list comes from HtmlEntities.
    private static string DecodeHtml5Names(string s)
    {
        if (s.IndexOf('&') < 0) return s;
        var sb = new StringBuilder(s.Length);
        int i = 0;
        while (i < s.Length)
        {
            int amp = s.IndexOf('&', i);
            if (amp < 0) { sb.Append(s, i, s.Length - i); break; }
            sb.Append(s, i, amp - i);
            int semi = s.IndexOf(';', amp);
            if (semi > amp + 1 && semi - amp < 40 && s[amp + 1] != '#' && HtmlEntities.Lookup(s[(amp + 1)..semi]) is { } sym)
            {
                sb.Append(sym);
                i = semi + 1;
            }
            else
            {
                sb.Append('&');
                i = amp + 1;
            }
        }
        return sb.ToString();
    }

    private static int TagEnd(string html, int start)
    {
        if (string.CompareOrdinal(html, start, "<!--", 0, 4) == 0)
        {
            int c = html.IndexOf("-->", start + 4, StringComparison.Ordinal);
            return c < 0 ? html.Length : c + 2;
        }
        return QuotedTagEnd(html, start);
    }

    /// <summary>The index of the '&gt;' ending the tag that starts at <paramref name="start"/>, skipping quoted
    /// attribute values; html.Length when the tag never ends.</summary>
    internal static int QuotedTagEnd(string html, int start)
    {
        char quote = '\0';
        for (int k = start + 1; k < html.Length; k++)
        {
            char c = html[k];
            if (quote != '\0') { if (c == quote) quote = '\0'; }
            else if (c is '"' or '\'') quote = c;
            else if (c == '>') return k;
        }
        return html.Length;
    }

    private static string TagName(ReadOnlySpan<char> tag)
    {
        int n = 0;
        while (n < tag.Length && (char.IsAsciiLetterOrDigit(tag[n]) || tag[n] is ':' or '-')) n++;
        var name = tag[..n];
        int colon = name.IndexOf(':');
        return (colon >= 0 ? name[(colon + 1)..] : name).ToString();
    }

    public static string CollapseWhitespace(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool space = false;
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c)) { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Plain text as an HTML fragment that renders as that text.</summary>
    public static string TextToHtml(string text)
    {
        if (text.AsSpan().IndexOfAny('<', '>', '&') < 0) return text;
        return text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }

    /// <summary>
    /// RSS titles are nominally plain text but often carry HTML: treat the decoded value as HTML
    /// when it still contains an end tag or a character reference.
    /// </summary>
    public static bool LooksLikeHtml(string s)
    {
        int lt = s.IndexOf("</", StringComparison.Ordinal);
        if (lt >= 0 && lt + 2 < s.Length && char.IsAsciiLetter(s[lt + 2])) return true;
        int amp = s.IndexOf('&');
        while (amp >= 0)
        {
            int semi = s.IndexOf(';', amp);
            if (semi < 0) return false;
            var name = s.AsSpan(amp + 1, semi - amp - 1);
            if (name.Length > 0 && name.Length < 40 && (name[0] == '#' || IsName(name))) return true;
            amp = s.IndexOf('&', amp + 1);
        }
        return false;
    }

    private static bool IsName(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (!char.IsAsciiLetterOrDigit(c)) return false;
        return true;
    }
}
